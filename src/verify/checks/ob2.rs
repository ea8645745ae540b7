//! Open Badges 2.0 assertions (hosted, signed, baked): the same report, outcomes and check codes,
//! with the checks OB 2.0 defines ([`crate::ob2`]) reading the verifier's documents.

use serde_json::Value;

use crate::ob2::input::{Carried, PayloadKind, Read, Source};
use crate::verify::pipeline::Run;
use crate::verify::report::{DisplayImage, InputKind, VerificationReport};

impl Run<'_> {
    /// The OB 2.0 run over the verifier's documents and options, at this run's time.
    fn ob2_run(&self) -> crate::ob2::run::Run<'_> {
        crate::ob2::run::Run {
            documents: &self.verifier.documents,
            options: &self.verifier.options,
            now: self.now,
        }
    }

    /// An OB 2.0 assertion read from a baked image or an assertion URL.
    pub(in crate::verify) fn ob2(&self, read: Read) -> VerificationReport {
        self.ob2_run().read(read).report
    }

    /// An OB 2.0 assertion given as JSON (or JSON found in an image).
    pub(in crate::verify) fn ob2_json(
        &self,
        value: Value,
        kind: InputKind,
        image: Option<DisplayImage>,
    ) -> VerificationReport {
        self.ob2(Read {
            source: Source::new(kind, PayloadKind::Json, None),
            carried: Carried::Json(value),
            image,
        })
    }

    /// Whether a JWS payload that did not verify as a VC-JWT is an OB 2.0 signed assertion
    /// given to the verifier (endorsements and status lists are OB 3.0 credentials).
    pub(in crate::verify) fn is_ob2_jws(&self, payload: Option<&Value>) -> bool {
        payload.is_some_and(|payload| self.reads_as_ob2(payload))
    }

    /// An OB 2.0 signed assertion's compact JWS.
    pub(in crate::verify) fn ob2_jws(
        &self,
        token: &str,
        kind: InputKind,
        image: Option<DisplayImage>,
    ) -> VerificationReport {
        self.ob2(Read {
            source: Source::new(kind, PayloadKind::Jws, None),
            carried: Carried::Jws(token.to_owned()),
            image,
        })
    }
}
