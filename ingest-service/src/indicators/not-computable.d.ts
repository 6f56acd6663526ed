/**
 * Why an indicator has no value. A zero denominator gives `null` with one of these, never NaN
 * and never a misleading 0 %. Codes are stable for the dashboard to translate.
 */
export declare const NOT_COMPUTABLE: {
    readonly NOT_REGISTERED_IN_PERIOD: "The device was not registered at any time in the period";
    readonly NO_WORKING_TIME: "The period contains none of the enterprise's declared working hours";
    readonly NO_ONLINE_TIME: "The device was never online in the period";
    readonly NO_SIGNALS: "The device's profile declares no signal, so no samples are expected";
    readonly NO_EXECUTION_SIGNAL: "The device reports no execution state, so its running time is unknown";
    readonly NO_PRODUCTION_EQUIPMENT: "The enterprise has no production equipment registered in the period";
    readonly NO_KEY_PROCESS_EQUIPMENT: "The enterprise has no key-process equipment registered in the period";
    readonly NO_DEVICE_WITH_UTILISATION: "No production device had both an execution state and online time";
    readonly NO_ENTERPRISE_WITH_VALUE: "No enterprise in the group has a value for this indicator";
};
export type NotComputableCode = keyof typeof NOT_COMPUTABLE;
export interface NotComputable {
    readonly code: NotComputableCode;
    readonly message: string;
}
export declare function notComputable(code: NotComputableCode): NotComputable;
