/** What the app needs from either broker link: where it listens (embedded), and how to stop it. */
export interface BrokerLink {
    readonly kind: "embedded" | "external";
    /** The embedded broker's listening address; undefined for an external broker. */
    address(): {
        host: string;
        port: number;
    } | undefined;
    connectedClients(): number;
    /** Drops a gateway's live connection (after revocation). A no-op for an external broker. */
    disconnectGateway(ent: string, gw: string): void;
    /** Publishes a cloud→gateway message (cmd) at QoS 1, not retained. */
    publish(topic: string, payload: Buffer): Promise<void>;
    close(): Promise<void>;
}
