#!/usr/bin/env python3
"""Writes docs/schema/*.json (JSON Schema draft 2020-12) for every sithsctl
document. The schemas are checked against real output by tests/cli/schemas.rs;
edit this file, run it, and commit both."""
import json, os

BASE = "https://sithsctl.example/schema/"
S = {"type": "string"}
NS = {"type": ["string", "null"]}
B = {"type": "boolean"}
NB = {"type": ["boolean", "null"]}
I = {"type": "integer"}
U = {"type": "integer", "minimum": 0}
TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"}
HEX_UP = {"type": "string", "pattern": "^[0-9A-F]*$"}
SHA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}


def obj(props, required=None):
    return {"type": "object", "required": sorted(required if required is not None else props), "properties": props}


def arr(items):
    return {"type": "array", "items": items}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def enum(*values):
    return {"enum": list(values)}


META = {
    "schema_version": {"type": "string", "pattern": r"^1\.\d+\.\d+$"},
    "tool": obj({"name": {"const": "sithsctl"}, "version": S}),
    "host": S,
    "generated_at": TIME,
}
VERDICT = enum("pass", "warn", "fail")
SEVERITY = enum("ok", "info", "warn", "fail")
ROLE = enum("identification", "signature", "other")
STATUS = enum("valid", "expiring", "expired", "not_yet_valid")

CARD = obj({
    "source": enum("pcsc", "image", "pkcs11"), "reader": S, "atr": HEX_UP, "atr_name": NS,
    "format": S, "located": enum("aid", "ef_dir", "default_path", "idprime", "pkcs11"),
    "token": nullable(obj({"serial": NS, "manufacturer": NS, "label": NS})),
    "apdus": U, "elapsed_ms": U,
})
NAME = obj({k: NS for k in ["common_name", "organization", "organizational_unit", "locality",
                            "country", "surname", "given_name", "title", "serial_number"]})
ISSUER = obj({"common_name": NS, "organization": NS, "class": enum("production", "legacy", "test", "unknown"),
              "purpose": S, "assurance_level": {"type": ["integer", "null"]}, "known": B})
# Since 1.4.0, on the certificates a revocation check asked about (left out
# of the others): docs/revocation.md.
REVOCATION = obj({
    "serial": S,
    "status": enum("good", "revoked", "unknown", "unavailable", "not_checked"),
    "source": nullable(enum("ocsp", "crl")),
    "responder_url": NS,
    "produced_at": nullable(S), "this_update": nullable(S), "next_update": nullable(S),
    "revoked_at": nullable(S),
    "reason": nullable(obj({"code": S, "category": enum(
        "replaced_or_blocked", "codes_or_card_compromised", "ca_compromised", "affiliation_changed",
        "on_hold", "privilege_withdrawn", "unspecified")})),
    "code": nullable(enum("offline", "no_responder", "unsupported_scheme", "bad_url", "bad_input",
                          "timeout", "connect_failed", "proxy_unreachable", "proxy_refused",
                          "http_status", "too_large", "bad_response", "responder_error",
                          "bad_signature", "nonce_mismatch", "stale", "not_yet_valid", "no_entry",
                          "image", "no_issuer")),
    "detail": NS,
    "from_cache": B,
    "ocsp_failure": nullable(obj({"code": S, "detail": S, "url": NS})),
})
CERT_FIELDS = {
    "label": NS, "id": S, "directory": enum("certificates", "trusted_certificates", "useful_certificates"),
    "path": S, "role": ROLE, "status": STATUS, "sha256": SHA, "serial": S, "hsa_id": NS,
    "personal_number": NS, "card_number": NS, "card_number_valid": NB, "subject": NAME,
    "issuer": ISSUER, "not_before": TIME, "not_after": TIME, "days_left": I,
    "key_usage": arr(S), "extended_key_usage": arr(S), "policies": arr(S), "is_ca": B,
    "chain": {"type": "object", "required": ["status"], "properties": {
        "status": enum("verified", "not_anchored", "signature_invalid", "unsupported_algorithm",
                       "issuer_mismatch", "not_checked"),
        # Since 1.3.0, on a verified chain: the trust anchor it reached.
        "anchor": obj({"kind": enum("production", "test", "user", "demo"), "subject": S})}},
}
CERT = obj({**CERT_FIELDS, "revocation": REVOCATION}, required=list(CERT_FIELDS))
UNREADABLE = obj({"label": NS, "id": S, "path": S, "sha256": SHA, "error": S})
FINDING_FIELDS = {"code": S, "severity": SEVERITY, "message": S, "hint": S,
                  "certificate_sha256": nullable(SHA), "card_number": NS}
FINDING = obj({**FINDING_FIELDS,
               # Since 1.3.0, only when there are any: related facts with the same cause.
               "details": arr(obj(FINDING_FIELDS))},
              required=list(FINDING_FIELDS))
CARD_NUMBER = obj({"card_number": NS, "card_number_valid": NB, "is_card": B, "printed_expiry": NS,
                   "expiry_source": nullable(enum("flag", "inventory")), "note": NS, "certificates": arr(SHA)})
ISSUER_SUMMARY = obj({**ISSUER["properties"], "certificates": U})
ORG_REF = obj({"number": S, "name": S})
ERROR_BODY = obj({"code": S, "exit_code": U, "message": S, "hint": NS})
DAY = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\d$"}
ORDER_INFO = obj({
    "org_number": S, "org_name": S, "nothing_to_order": B, "hsa_id_to_register": NS,
    "issuer": NS, "issuer_organization": NS,
    "card_generation": nullable(enum("siths_eid", "replacement", "legacy", "test")),
    "card_number": NS, "other_card_numbers": arr(S), "valid_until": nullable(DAY),
    "valid_until_source": nullable(enum("printed_expiry", "latest_identification_certificate")),
})
LAYER_NAME = enum("pcsc_library", "service", "access", "readers", "reader", "card_answers", "pkcs15",
                  "certificates", "issuers", "identification", "validity", "revocation", "signature", "pin",
                  "middleware")
# Since 1.3.0: the card's PINs and what is known of each.
PIN = obj({
    "label": NS,
    "role": enum("identification", "signature", "identification_and_signature", "puk", "unknown"),
    "reference": nullable({"type": "string", "pattern": "^[0-9A-F]{2}$"}),
    "application": nullable(enum("pkcs15", "idprime")),
    "source": enum("card", "pkcs11"),
    "state": enum("ok", "verified", "count_low", "last_try", "blocked", "not_checked", "unknown"),
    "tries_left": {"type": ["integer", "null"], "minimum": 0, "maximum": 15},
    "reason": nullable(enum("disabled", "card_type", "other_application", "no_reference",
                            "protocol_unknown", "not_found", "not_usable", "no_answer")),
})
LAYER_STATUS = enum("ok", "warn", "fail", "skipped")
DOCTOR = {
    "layers": arr(obj({"name": LAYER_NAME, "title": S, "status": LAYER_STATUS, "detail": S, "advice": NS})),
    "causes": arr(obj({"layer": LAYER_NAME, "status": enum("warn", "fail"), "message": S, "advice": S})),
    "verdict": VERDICT, "card": nullable(CARD), "certificates": arr(CERT), "findings": arr(FINDING),
    "ready_after_insertion_ms": nullable(U),
    # Since 1.3.0.
    "pins": arr(PIN),
}

INSPECT = {
    "card": CARD, "card_number": NS, "card_numbers": arr(CARD_NUMBER), "certificates": arr(CERT),
    "unreadable_certificates": arr(UNREADABLE), "issuers": arr(ISSUER_SUMMARY),
    "findings": arr(FINDING), "verdict": VERDICT,
    # Since 1.2.0: not required, so 1.1 documents (`--output-version 1.1`) match too.
    "order_info": nullable(ORDER_INFO),
    # Since 1.3.0.
    "pins": arr(PIN),
}

POLICY = obj({"org": nullable(ORG_REF), "hsa_id": NS, "require_signature": B, "strict": B,
              "warn_days": I, "passed": B, "hsa_id_to_register": NS,
              "identification_sha256": nullable(SHA), "signature_sha256": nullable(SHA)})
# Fields inside a document added after it appeared (since 1.3.0) are
# described but not required, so older records match too.
WATCH_CERT_13 = ["subject", "chain"]
WATCH_CHECK = obj({
    "verdict": VERDICT, "passed": B, "card_number": NS, "hsa_ids": arr(S), "hsa_id_to_register": NS,
    "org": nullable(ORG_REF), "findings": arr(obj({"code": S, "severity": SEVERITY})),
    "certificates": arr(obj({"role": ROLE, "status": STATUS, "hsa_id": NS, "card_number": NS,
                             "issuer": obj({"common_name": NS, "organization": NS,
                                            "class": enum("production", "legacy", "test", "unknown")},
                                           ["common_name"]),
                             "not_before": TIME, "not_after": TIME,
                             "is_ca": B, "sha256": SHA,
                             "subject": obj({"common_name": NS, "given_name": NS, "surname": NS}),
                             "chain": CERT["properties"]["chain"],
                             # Since 1.4.0, where it was asked.
                             "revocation": REVOCATION},
                            ["role", "status", "hsa_id", "card_number", "issuer", "not_before", "not_after",
                             "is_ca", "sha256"])),
    "card_numbers": arr(CARD_NUMBER),
    "order_info": nullable(ORDER_INFO),
}, ["verdict", "passed", "card_number", "hsa_ids", "hsa_id_to_register", "org", "findings", "certificates"])
FLEET_ORDER = obj({
    "org_number": S, "name": NS, "hsa_ids": arr(S), "card_number": NS, "issuer": NS,
    "valid_until": nullable(DAY),
    "valid_until_source": nullable(enum("printed_expiry", "latest_identification_certificate")),
    "card_expiry": nullable(DAY), "new_card_needed": B, "host": S, "seen_at": S,
    # Since 1.4.0, only when true: the card is blocked.
    "revoked": B,
}, ["org_number", "name", "hsa_ids", "card_number", "issuer", "valid_until", "valid_until_source",
    "card_expiry", "new_card_needed", "host", "seen_at"])
FLEET_REGISTRATION = obj({"org_number": S, "name": NS, "hsa_id": S, "valid_to": DAY, "card_number": NS})
FLEET = {
    "at": TIME,
    "inputs": obj({**{k: U for k in ["files", "reports", "ignored", "skipped", "without_certificates"]}},
                  ["files", "reports", "ignored", "skipped"]),
    # `pin_blocked` since 1.3.0, `revoked` since 1.4.0 (see LATER_FIELDS).
    "cards": obj({k: U for k in ["total", "pass", "warn", "fail", "checked", "passed", "unreadable_reads",
                                 "pin_blocked", "revoked"]},
                 ["total", "pass", "warn", "fail", "checked", "passed", "unreadable_reads"]),
    "certificates": obj({k: U for k in ["total", "valid", "expiring", "expired", "not_yet_valid",
                                        "expiring_within_30_days", "expiring_within_60_days",
                                        "expiring_within_90_days"]}),
    "org": nullable(obj({"number": S, "name": S, "cards_with_certificate": U, "cards_missing_certificate": U})),
    "organisations": arr(obj({"number": S, "name": NS, "cards": U, "certificates": U})),
    "issuers": arr(obj({"common_name": S, "certificates": U})),
    "needs_action": arr(obj({"card_number": S, "host": S, "seen_at": TIME, "verdict": VERDICT,
                             "reasons": arr(obj({"code": S, "detail": S}))})),
    # Since 1.3.0.
    "unjudged": arr(obj({"origin": S, "line": U, "document": S, "card_number": NS})),
    "orders": {"type": ["array", "null"], "items": FLEET_ORDER},
    "registrations": {"type": ["array", "null"], "items": FLEET_REGISTRATION},
    "calendar": obj({"months": arr({"type": "string", "pattern": r"^\d{4}-\d\d$"}),
                     "organisations": arr(obj({"number": NS, "name": NS, "certificates": arr(U),
                                               "cards": arr(U)}))}),
}

DOCS = {
    "readers": ("`sithsctl readers --json`", {"readers": arr(obj({
        "index": U, "name": S,
        "state": enum("empty", "present", "in_use", "exclusive", "mute", "unpowered", "unavailable", "unknown"),
        "atr": nullable(HEX_UP)}))}),
    "certs": ("`sithsctl certs --json`", {"card": CARD, "certificates": arr(CERT),
                                          "unreadable_certificates": arr(UNREADABLE)}),
    "inspect": ("`sithsctl inspect --json` (since 1.1.0)", INSPECT),
    "check": ("`sithsctl check --json` (since 1.1.0)", {**INSPECT, "policy": POLICY}),
    "orgs": ("`sithsctl orgs --json` (since 1.1.0)", {"config_path": NS, "config_exists": B,
        "organisations": arr(obj({"number": S, "name": S, "aliases": arr(S), "source": enum("built_in", "user")}))}),
    "error": ("What any command prints on standard output with `--json` when it fails", {"error": ERROR_BODY}),
    "watch": ("One line of `sithsctl watch --json` / `--append` (since 1.2.0)", {
        "time": TIME, "reader": S, "event": enum("card_inserted", "card_removed", "reader_added", "reader_removed"),
        "check": nullable(WATCH_CHECK), "error": nullable(ERROR_BODY)}),
    "fleet": ("`sithsctl fleet --json` (since 1.2.0)", FLEET),
    "doctor": ("`sithsctl doctor --json` (since 1.2.0)", DOCTOR),
    "order-info": ("`sithsctl order-info --json` (since 1.2.0)", {"card": CARD, "order": ORDER_INFO,
                                                                  "certificates": arr(CERT),
                                                                  "card_numbers": arr(CARD_NUMBER)}),
}
# Fields added to a document after it first appeared, with the minor version
# that added them (as FIELDS_ADDED in src/report/versions.rs): required from
# that version on, absent before it (`--output-version` drops them).
LATER_FIELDS = {
    "inspect": {"order_info": 2, "pins": 3},
    "check": {"order_info": 2, "pins": 3},
    "doctor": {"pins": 3},
    "order-info": {"certificates": 3, "card_numbers": 3},
    "fleet": {"cards.pin_blocked": 3, "cards.revoked": 4, "unjudged": 3, "orders": 3, "registrations": 3, "calendar": 3},
}


def added_later(name):
    """`if`/`then`/`else` clauses per field added after the document appeared."""
    rules = []
    for field, minor in LATER_FIELDS.get(name, {}).items():
        older = "|".join(str(m) for m in range(minor))
        # `a.b`: field `b` of the object in `a`.
        outer, _, inner = field.rpartition(".")
        absent, present = {"not": {"required": [inner]}}, {"required": [inner]}
        if outer:
            absent = {"properties": {outer: absent}}
            present = {"properties": {outer: present}}
        rules.append({
            "if": {"properties": {"schema_version": {"pattern": rf"^1\.({older})\."}}},
            "then": absent,
            "else": present,
        })
    return {"allOf": rules} if rules else {}

here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "docs", "schema")
os.makedirs(here, exist_ok=True)
for name, (title, props) in DOCS.items():
    all_props = {**META, "document": {"const": name}, **props}
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{BASE}{name}.json",
        "title": f"sithsctl {name} document",
        "description": f"{title}. Schema 1.x: consumers must accept fields they do not know.",
        **obj(all_props, [k for k in all_props if k not in LATER_FIELDS.get(name, {})]),
        **added_later(name),
    }
    with open(os.path.join(here, f"{name}.json"), "w") as f:
        json.dump(schema, f, indent=2, ensure_ascii=False)
        f.write("\n")
print("wrote", ", ".join(DOCS))
