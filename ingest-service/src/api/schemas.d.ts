import { z } from "zod";
/** Path and query schemas shared by the routes; ids reuse the contract's id schemas. */
export declare const EntParams: z.ZodObject<{
    ent: z.ZodString;
}, z.core.$strict>;
export declare const GatewayParams: z.ZodObject<{
    ent: z.ZodString;
    gw: z.ZodString;
}, z.core.$strict>;
export declare const DeviceParams: z.ZodObject<{
    ent: z.ZodString;
    gw: z.ZodString;
    dev: z.ZodString;
}, z.core.$strict>;
export declare const SignalParams: z.ZodObject<{
    ent: z.ZodString;
    gw: z.ZodString;
    dev: z.ZodString;
    signal: z.ZodString;
}, z.core.$strict>;
/** A time window; defaults to the last 24 hours. */
export declare const WindowQuery: z.ZodObject<{
    from: z.ZodOptional<z.ZodCoercedNumber<unknown>>;
    to: z.ZodOptional<z.ZodCoercedNumber<unknown>>;
}, z.core.$strict>;
export declare function windowOf(query: {
    from?: number | undefined;
    to?: number | undefined;
}, now?: number): {
    from: number;
    to: number;
};
export declare const ErrorBody: z.ZodObject<{
    code: z.ZodString;
    message: z.ZodString;
    solution: z.ZodOptional<z.ZodString>;
}, z.core.$strip>;
export declare const RoleSchema: z.ZodEnum<{
    admin: "admin";
    bureau: "bureau";
    enterprise: "enterprise";
    integrator: "integrator";
}>;
