// Adversary: a careful simulation with nothing behind it — an "OPC UA machine tool" whose
// identity claims a server certificate, realistic jittered values and counters, meter following,
// challenges answered consistently from its own model. Only proof from the device itself (issue 14
// point 4: the server's signature over a cloud-chosen nonce, checked against the certificate whose
// thumbprint is the fingerprint) can tell it from a machine. It leaves the proof out, as a forger
// who cannot sign would: the bureau's policy (liveness.requireDeviceProof) fails a device whose
// identity is an OPC UA certificate and that answers without one.
import { sha256 } from "../forger/station.js";
import { stationScenario } from "./station-scenario.js";

export const noDeviceProof = stationScenario({
  name: "no-device-proof",
  class: "stronger challenge: proof from the device, not only the gateway key",
  forges:
    "a jittered, noisy, self-consistent OPC UA CNC claiming a certificate fingerprint, no device behind it",
  expected: {
    kind: "fraud",
    subjects: ["cnc-1"],
    codes: ["LIVENESS_DEVICE_PROOF_MISSING", "LIVENESS_DEVICE_PROOF_INVALID"],
  },
  seed: 171,
  cncProfile: "cnc_machine_tool/opcua-machine-tool.yaml",
  birth: async (station) => {
    const [cnc, meter] = station.birth();
    if (cnc === undefined || meter === undefined) throw new Error("station birth");
    return [
      {
        ...cnc,
        identity: {
          fingerprint: sha256("opcua-cert:urn:fake-machine:VMC-850:SN-171"),
          source: "opcua-certificate",
          fields: { applicationUri: "urn:fake-machine:VMC-850:SN-171", serialNumber: "SN-171" },
        },
      },
      meter,
    ];
  },
});
