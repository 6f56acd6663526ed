/**
 * Why an indicator has no value. A zero denominator gives `null` with one of these, never NaN
 * and never a misleading 0 %. Codes are stable for the dashboard to translate.
 */
export const NOT_COMPUTABLE = {
  NOT_REGISTERED_IN_PERIOD: "The device was not registered at any time in the period",
  NO_WORKING_TIME: "The period contains none of the enterprise's declared working hours",
  NO_ONLINE_TIME: "The device was never online in the period",
  NO_SIGNALS: "The device's profile declares no signal, so no samples are expected",
  NO_EXECUTION_SIGNAL: "The device reports no execution state, so its running time is unknown",
  NO_PRODUCTION_EQUIPMENT: "The enterprise has no production equipment registered in the period",
  NO_KEY_PROCESS_EQUIPMENT: "The enterprise has no key-process equipment registered in the period",
  NO_DEVICE_WITH_UTILISATION: "No production device had both an execution state and online time",
  NO_ENTERPRISE_WITH_VALUE: "No enterprise in the group has a value for this indicator",
} as const;

export type NotComputableCode = keyof typeof NOT_COMPUTABLE;

export interface NotComputable {
  readonly code: NotComputableCode;
  readonly message: string;
}

export function notComputable(code: NotComputableCode): NotComputable {
  return { code, message: NOT_COMPUTABLE[code] };
}
