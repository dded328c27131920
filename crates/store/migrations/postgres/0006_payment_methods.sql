-- Customers' payment methods (issue 3 item 5): only a processor's reference
-- (an Authorize.Net customer/payment profile, a Dwolla funding-source URL),
-- never a card or account number. The reference and the label shown to the
-- customer are sealed (AES-256-GCM under the customer's data key, bound to
-- payment_methods/<column>/<id>; see crates/store/src/payments.rs).
-- `processor` names which processor holds it and is not personal data.

CREATE TABLE payment_methods (
    id                TEXT PRIMARY KEY NOT NULL,
    tenant_id         TEXT NOT NULL REFERENCES tenants (id),
    processor         TEXT NOT NULL CHECK (processor IN ('authorize_net', 'dwolla')),
    reference_sealed  BYTEA NOT NULL,
    label_sealed      BYTEA NOT NULL,
    created_ms        BIGINT NOT NULL
);

CREATE INDEX payment_methods_tenant ON payment_methods (tenant_id, created_ms);
