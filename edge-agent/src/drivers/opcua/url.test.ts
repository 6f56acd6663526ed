import { describe, expect, it } from "vitest";
import { describeConnection, parseOpcuaUrl, redact } from "./url.js";

const ok = (url: string) => {
  const parsed = parseOpcuaUrl(url);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};
const error = (url: string) => {
  const parsed = parseOpcuaUrl(url);
  if (parsed.ok) throw new Error(`${url} parsed`);
  return parsed.error;
};

describe("OPC UA connection URL", () => {
  it("defaults to port 4840, security None, a subscription and batches of 1,000", () => {
    expect(ok("opc.tcp://plc.local")).toMatchObject({
      endpointUrl: "opc.tcp://plc.local:4840",
      securityMode: "None",
      securityPolicy: "None",
      user: undefined,
      isTofu: false,
      mode: "subscribe",
      keepAliveCount: 10,
      batchSize: 1000,
    });
  });

  it("reads security, policy, user, root and tuning options", () => {
    const o = ok(
      "opc.tcp://10.0.0.7:4840/UA/Server?security=SignAndEncrypt&policy=Aes256_Sha256_RsaPss&user=op&password=env:CNC_PW&root=machinery:Machines/1:VMC&tofu=1&mode=poll&publishingIntervalMs=250&batchSize=500",
    );
    expect(o).toMatchObject({
      endpointUrl: "opc.tcp://10.0.0.7:4840/UA/Server",
      securityMode: "SignAndEncrypt",
      securityPolicy: "Aes256_Sha256_RsaPss",
      user: { name: "op", password: { kind: "env", name: "CNC_PW" } },
      root: "machinery:Machines/1:VMC",
      isTofu: true,
      mode: "poll",
      publishingIntervalMs: 250,
      batchSize: 500,
    });
    expect(ok("opc.tcp://h:1?security=Sign").securityPolicy).toBe("Basic256Sha256");
    expect(ok("opc.tcp://h:1?user=a&password=file:/run/secrets/pw").user?.password).toEqual({
      kind: "file",
      path: "/run/secrets/pw",
    });
  });

  it("refuses a literal password, credentials before the host, and never echoes them", () => {
    const literal = error("opc.tcp://h:1?user=a&password=hunter2");
    expect(literal).toContain("password=env:");
    expect(literal).not.toContain("hunter2");
    expect(error("opc.tcp://a:hunter2@h:1")).not.toContain("hunter2");
    expect(redact("opc.tcp://a:hunter2@h:1?password=hunter2")).not.toContain("hunter2");
  });

  it("names the bad option", () => {
    expect(error("opc.tcp://h:1?security=Encrypt")).toMatch(/^security:/);
    expect(error("opc.tcp://h:1?policy=Basic128Rsa15&security=Sign")).toMatch(/^policy:/);
    expect(error("opc.tcp://h:1?policy=Basic256Sha256")).toMatch(/^policy: a policy needs security/);
    expect(error("opc.tcp://h:1?batchSize=5000")).toMatch(/^batchSize:/);
    expect(error("opc.tcp://h:1?user=a")).toMatch(/^password: user and password go together/);
    expect(error("opc.tcp://h:1?colour=red")).toBe("query: unknown option colour");
    expect(error("opc.tcp://h:1?mode=poll&mode=subscribe")).toBe("option mode is given twice");
    expect(error("http://h:1")).toBe("scheme http: is not opc.tcp:");
  });

  it("describes a connection for people without any password reference", () => {
    const o = ok("opc.tcp://h:1?security=Sign&user=a&password=env:SECRET_NAME");
    expect(describeConnection(o)).toBe("opc.tcp://h:1?security=Sign&policy=Basic256Sha256");
  });
});
