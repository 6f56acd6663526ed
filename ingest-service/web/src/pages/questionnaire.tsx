import { useState } from "preact/hooks";
import { answerProblems, levelOf, totalScore } from "../../../src/digital-level/scoring.js";
import { ApiFailure } from "../api/client.js";
import {
  type Answers,
  declareAnswers,
  declaredAnswers,
  type Questionnaire,
  questionnaire,
} from "../api/digital-level.js";
import type { Me } from "../api/types.js";
import { LoadState } from "../components/status.js";
import { useLoad } from "../components/use-load.js";
import { useI18n } from "../i18n/i18n.js";
import { href } from "../router.js";
import { LevelText, useText } from "./digital-level.js";

/**
 * The SME digital level questionnaire (INDICATORS §7), zh-CN first: the enterprise (or an admin)
 * answers it; the score and level update as it answers; saving declares the answers. The
 * evidence-adjusted result is on the enterprise page.
 */
export function QuestionnairePage({ me, ent }: { me: Me; ent: string }) {
  const { t } = useI18n();
  const [loaded] = useLoad(() => Promise.all([questionnaire(), declaredAnswers(ent)]), [ent]);
  return (
    <>
      <p>
        <a href={href.enterprise(ent)}>{t("common.back")}</a>
      </p>
      <LoadState state={loaded}>
        {([q, answers]) => (
          <QuestionnaireForm
            q={q}
            initial={answers ?? {}}
            ent={ent}
            mayDeclare={me.role === "enterprise" || me.role === "admin"}
          />
        )}
      </LoadState>
    </>
  );
}

function QuestionnaireForm(props: { q: Questionnaire; initial: Answers; ent: string; mayDeclare: boolean }) {
  const { q, ent, mayDeclare } = props;
  const { t, dateTime } = useI18n();
  const text = useText();
  const [answers, setAnswers] = useState<Answers>(props.initial);
  const [saved, setSaved] = useState<{ score: number; level: number; at: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const score = totalScore(q, answers);
  const problems = answerProblems(q, answers);

  const choose = (item: Questionnaire["items"][number], option: string, checked: boolean) => {
    setSaved(null);
    const current = answers[item.id] ?? [];
    const exclusive = item.options.find((o) => o.id === option)?.exclusive === true;
    let next: string[];
    if (item.kind === "single") next = [option];
    else if (!checked) next = current.filter((o) => o !== option);
    // "None" clears the others, and any other option clears "None".
    else if (exclusive) next = [option];
    else next = [...current.filter((o) => item.options.find((x) => x.id === o)?.exclusive !== true), option];
    const { [item.id]: _old, ...rest } = answers;
    setAnswers(next.length === 0 ? rest : { ...rest, [item.id]: next });
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    try {
      const result = await declareAnswers(ent, answers);
      setSaved({ ...result.declared, at: result.answeredAt });
    } catch (e) {
      setError(e instanceof ApiFailure ? `${e.code}: ${e.message}` : String(e));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} data-testid="questionnaire">
      <h1>{text(q.title)}</h1>
      <p class="muted" data-testid="dl-source">
        {t("dl.source", { notice: q.source.notice, date: q.source.date })}
      </p>
      {q.partial && (
        <details class="dl-partial">
          <summary>{t("dl.partial")}</summary>
          <ul>
            {q.missing.map((m) => (
              <li key={m.what}>{m.what}</li>
            ))}
          </ul>
        </details>
      )}
      {q.dimensions
        .filter((d) => q.items.some((i) => i.dimension === d.id))
        .map((d) => (
          <section key={d.id} data-dimension={d.id}>
            <h2>{t("dl.dimension", { name: text(d), points: d.points })}</h2>
            {q.items
              .filter((i) => i.dimension === d.id)
              .map((item) => (
                <fieldset key={item.id} data-item={item.id}>
                  <legend>
                    {text(item.group)} · {text(item.title)}{" "}
                    <span class="muted">{t("dl.points", { points: item.points })}</span>
                  </legend>
                  {item.description !== undefined && <p class="muted">{text(item.description)}</p>}
                  {item.options.map((o) => (
                    <div key={o.id} class="dl-option">
                      <input
                        id={`${item.id}-${o.id}`}
                        type={item.kind === "single" ? "radio" : "checkbox"}
                        name={item.id}
                        value={o.id}
                        data-option={o.id}
                        disabled={!mayDeclare}
                        checked={(answers[item.id] ?? []).includes(o.id)}
                        onChange={(e) => choose(item, o.id, (e.target as HTMLInputElement).checked)}
                      />{" "}
                      <label for={`${item.id}-${o.id}`}>
                        {o.id}. {text(o)}
                      </label>
                    </div>
                  ))}
                </fieldset>
              ))}
          </section>
        ))}
      <p data-testid="dl-live-score" aria-live="polite">
        {t("dl.liveScore")} <LevelText value={{ score, level: levelOf(score, q.levels) }} />
      </p>
      {problems.length > 0 && <p class="error">{problems.join("; ")}</p>}
      {mayDeclare ? (
        <button type="submit" disabled={problems.length > 0}>
          {t("dl.submit")}
        </button>
      ) : (
        <p class="muted">{t("dl.readOnly")}</p>
      )}
      {saved !== null && (
        <p role="status" data-testid="dl-saved">
          {t("dl.saved", { at: dateTime(Date.parse(saved.at)) })} <LevelText value={saved} />{" "}
          <a href={href.enterprise(ent)}>{t("dl.seeAdjusted")}</a>
        </p>
      )}
      {error !== null && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
    </form>
  );
}
