//! The rules about PINs: a blocked PIN, one with one try left, the PUK.
//! A blocked PIN is a warning in `inspect`, and a failure when the policy
//! needs that PIN: `check` (and `--org`, `--hsa-id`) a login with the
//! identification certificate, so the identification PIN;
//! `--require-signature` the signature PIN. PINs whose state is not known
//! are no finding: `inspect` lists them with the reason.

use super::types::{Evaluation, Policy};
use crate::reading::layout::pins::PinRole;
use crate::reading::pin::{PinState, PinStatus};
use crate::understanding::findings::{Code, Finding, Params, Verdict};

/// The findings the PINs give under `policy`.
pub fn pin_findings(pins: &[PinStatus], policy: &Policy) -> Vec<Finding> {
    let needs_identification = policy.login || policy.org.is_some() || policy.hsa_id.is_some();
    let needs_signature = policy.require_signature;
    let mut out: Vec<Finding> = Vec::new();
    for pin in pins {
        let code = match (pin.role, pin.state) {
            (PinRole::Puk, PinState::Blocked) => Code::PukBlocked,
            (PinRole::Puk, PinState::LastTry) => Code::PukLastTry,
            (PinRole::Puk, _) => continue,
            (role, PinState::Blocked) => {
                let needed = (needs_identification && role.guards_identification())
                    || (needs_signature && role.guards_signature());
                if needed {
                    Code::PinBlockedRequired
                } else {
                    Code::PinBlocked
                }
            }
            (_, PinState::LastTry) => Code::PinLastTry,
            (_, PinState::CountLow) => Code::PinCountLow,
            _ => continue,
        };
        let finding = Finding::new(
            code,
            Params {
                pin: Some(pin.pin_name()),
                ..Default::default()
            },
        );
        if !out.contains(&finding) {
            out.push(finding);
        }
    }
    out
}

/// Adds the PINs' findings to an evaluation: worst first again, the
/// verdict from them all, and a policy that needs a blocked PIN is not met.
pub fn apply_pins(evaluation: &mut Evaluation, pins: &[PinStatus], policy: &Policy) {
    let found = pin_findings(pins, policy);
    let blocks_policy = found.iter().any(|f| f.code == Code::PinBlockedRequired);
    apply_findings(evaluation, found, blocks_policy);
}

/// Adds findings made after the rules ran (the PINs, revocation) to an
/// evaluation: worst first again, the verdict from them all, and the
/// policy not met when `blocks_policy` or the verdict is now a failure.
pub fn apply_findings(evaluation: &mut Evaluation, found: Vec<Finding>, blocks_policy: bool) {
    if found.is_empty() {
        return;
    }
    evaluation.findings.extend(found);
    evaluation
        .findings
        .sort_by_key(|f| std::cmp::Reverse(f.severity()));
    evaluation.verdict = Verdict::of(&evaluation.findings);
    if blocks_policy || evaluation.verdict == Verdict::Fail {
        evaluation.policy.satisfied = false;
        evaluation.policy.hsa_id = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::base::lang::Lang;
    use crate::reading::pin::PinSource;
    use crate::understanding::findings::Verdict;
    use crate::understanding::rules::PolicyOutcome;

    fn pin(role: PinRole, state: PinState) -> PinStatus {
        PinStatus {
            label: None,
            role,
            reference: Some("11".into()),
            application: None,
            source: PinSource::Card,
            state,
            tries_left: None,
            reason: None,
        }
    }

    fn passing() -> Evaluation {
        Evaluation {
            card_number: None,
            groups: vec![],
            findings: vec![],
            verdict: Verdict::Pass,
            policy: PolicyOutcome {
                satisfied: true,
                hsa_id: Some("SE2321000057-ANAN01".into()),
                identification: None,
                signature: None,
            },
            logins: vec![],
        }
    }

    fn org_policy() -> Policy {
        Policy {
            org: crate::understanding::siths::orgs::resolve(
                "jonkoping",
                &crate::understanding::siths::orgs::Registry::builtin(),
            )
            .ok(),
            ..Default::default()
        }
    }

    #[test]
    fn a_blocked_identification_pin_warns_and_fails_a_policy_that_needs_it() {
        let pins = [pin(PinRole::Identification, PinState::Blocked)];
        let mut plain = passing();
        apply_pins(&mut plain, &pins, &Policy::default());
        assert_eq!(plain.verdict, Verdict::Warn);
        assert!(plain.policy.satisfied, "no policy needs the PIN");
        assert_eq!(plain.findings[0].code, Code::PinBlocked);
        let mut org = passing();
        apply_pins(&mut org, &pins, &org_policy());
        assert_eq!(org.verdict, Verdict::Fail);
        assert!(!org.policy.satisfied);
        assert_eq!(org.policy.hsa_id, None);
        assert_eq!(org.findings[0].code, Code::PinBlockedRequired);
        assert_eq!(
            org.findings[0].message(Lang::En),
            "The identification PIN is blocked, and what the check requires needs it: the login or signature cannot be done."
        );
        assert!(org.findings[0].hint(Lang::Sv).contains("PUK-koden"));
        // `check` is a login: it needs the identification PIN without an
        // organisation too.
        let login = Policy {
            login: true,
            ..Default::default()
        };
        assert_eq!(
            pin_findings(&pins, &login)[0].code,
            Code::PinBlockedRequired
        );
    }

    #[test]
    fn the_signature_pin_matters_when_a_signature_is_required() {
        let pins = [pin(PinRole::Signature, PinState::Blocked)];
        assert_eq!(pin_findings(&pins, &org_policy())[0].code, Code::PinBlocked);
        let sig = Policy {
            require_signature: true,
            ..Default::default()
        };
        assert_eq!(pin_findings(&pins, &sig)[0].code, Code::PinBlockedRequired);
        // One PIN for every key is needed by both.
        let shared = [pin(PinRole::IdentificationAndSignature, PinState::Blocked)];
        assert_eq!(
            pin_findings(&shared, &org_policy())[0].code,
            Code::PinBlockedRequired
        );
        // A PIN whose role is unknown never fails a policy on a guess.
        let unknown = [pin(PinRole::Unknown, PinState::Blocked)];
        assert_eq!(
            pin_findings(&unknown, &org_policy())[0].code,
            Code::PinBlocked
        );
    }

    #[test]
    fn last_tries_the_puk_and_pins_not_checked() {
        let pins = [
            pin(PinRole::Identification, PinState::LastTry),
            pin(PinRole::Signature, PinState::Ok),
            pin(PinRole::Puk, PinState::Blocked),
            pin(PinRole::Puk, PinState::LastTry),
            pin(PinRole::Signature, PinState::NotChecked),
            pin(PinRole::Signature, PinState::Unknown),
            pin(PinRole::Signature, PinState::Verified),
            pin(PinRole::Signature, PinState::CountLow),
        ];
        let codes: Vec<Code> = pin_findings(&pins, &org_policy())
            .iter()
            .map(|f| f.code)
            .collect();
        assert_eq!(
            codes,
            vec![
                Code::PinLastTry,
                Code::PukBlocked,
                Code::PukLastTry,
                Code::PinCountLow
            ]
        );
        let mut e = passing();
        apply_pins(&mut e, &pins, &org_policy());
        assert_eq!(e.verdict, Verdict::Warn);
        assert!(e.policy.satisfied);
        let mut none = passing();
        apply_pins(
            &mut none,
            &[pin(PinRole::Signature, PinState::NotChecked)],
            &org_policy(),
        );
        assert_eq!(none.verdict, Verdict::Pass);
        assert!(none.findings.is_empty());
    }
}
