-- The SHA-256 thumbprint of an OPC UA device's server certificate, as its birth announced it
-- (identity field certificate_sha256). A challenge reply's device proof (the server's signature
-- over the nonce) must be made with this certificate to count as the device's own (issue 14 §4b).
-- NULL: not an OPC UA device, or its birth announced no certificate.
ALTER TABLE devices ADD COLUMN certificate_sha256 text;
