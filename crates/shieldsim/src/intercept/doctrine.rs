//! Shot doctrine: how many interceptors a defence fires at one threat, and when — shoot-look-shoot (one interceptor
//! per opportunity, the next only after a kill assessment shows a miss), a salvo of several at once, or salvos with a
//! look between them — optionally capped per threat. The opportunities themselves come from the engagement
//! ([`Engagement::shots`](super::Engagement::shots)); what one interceptor achieves is a separate, generic input of
//! the raid analysis (`analysis::attrition`).

use std::fmt;

/// A malformed doctrine: what was wrong and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DoctrineError(pub String);

/// Largest salvo a doctrine may fire at one opportunity.
pub const MAX_SALVO: u32 = 16;

/// How many interceptors are fired at a warhead, and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Doctrine {
    /// Interceptors fired together at one opportunity (1 to [`MAX_SALVO`]).
    pub salvo: u32,
    /// Whether the defence assesses the kill after each salvo and fires again at the next opportunity while the
    /// warhead survives (shoot-look-shoot); without, one salvo is fired at the first opportunity.
    pub look: bool,
    /// Most interceptors fired at one warhead (at least 1); `None`: only the doctrine and the opportunities limit.
    pub max_per_warhead: Option<u32>,
}

impl Doctrine {
    /// Shoot-look-shoot with one interceptor per opportunity, no cap.
    pub const SHOOT_LOOK_SHOOT: Doctrine = Doctrine {
        salvo: 1,
        look: true,
        max_per_warhead: None,
    };

    /// The planned salvo sizes (before any kill) at a trajectory with `opportunities` shoot-look-shoot
    /// opportunities: one per opportunity with look, one in all without, the last cut to the cap.
    pub fn salvos(&self, opportunities: usize) -> Vec<u32> {
        let count = if self.look {
            opportunities
        } else {
            opportunities.min(1)
        };
        let mut left = self.max_per_warhead.unwrap_or(u32::MAX);
        let mut out = Vec::with_capacity(count.min(64));
        for _ in 0..count {
            if left == 0 {
                break;
            }
            let k = self.salvo.min(left);
            out.push(k);
            left -= k;
        }
        out
    }

    /// Checks the fields: a salvo from 1 to [`MAX_SALVO`], a cap of at least 1.
    pub fn validate(&self) -> Result<(), DoctrineError> {
        if !(1..=MAX_SALVO).contains(&self.salvo) {
            return Err(DoctrineError(format!(
                "a salvo of {} interceptors: expected 1 to {MAX_SALVO}",
                self.salvo
            )));
        }
        if self.max_per_warhead == Some(0) {
            return Err(DoctrineError(
                "at most 0 interceptors per warhead: the cap must be 1 or more".into(),
            ));
        }
        Ok(())
    }
}

impl fmt::Display for Doctrine {
    /// `sls`, `salvo:2` or `salvo:2,sls`, then ` (at most N per warhead)` with a cap.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.salvo, self.look) {
            (1, true) => f.write_str("sls")?,
            (k, true) => write!(f, "salvo:{k},sls")?,
            (k, false) => write!(f, "salvo:{k}")?,
        }
        if let Some(c) = self.max_per_warhead {
            write!(f, " (at most {c} per warhead)")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Doctrine {
    type Err = DoctrineError;

    /// `sls` (shoot-look-shoot), `salvo:K` (one salvo of K) or `salvo:K,sls` (salvos of K with a look between);
    /// no cap.
    fn from_str(text: &str) -> Result<Self, DoctrineError> {
        let bad = || {
            DoctrineError(format!(
                "`{text}`: expected sls (shoot-look-shoot), salvo:K (one salvo of K interceptors) or salvo:K,sls \
                 (salvos of K with a look between), K from 1 to {MAX_SALVO}"
            ))
        };
        let t = text.trim().to_ascii_lowercase();
        if t == "sls" {
            return Ok(Self::SHOOT_LOOK_SHOOT);
        }
        let (salvo, look) = match t.strip_suffix(",sls") {
            Some(s) => (s, true),
            None => (t.as_str(), false),
        };
        let k = salvo
            .strip_prefix("salvo:")
            .and_then(|k| k.trim().parse::<u32>().ok())
            .ok_or_else(bad)?;
        if !(1..=MAX_SALVO).contains(&k) {
            return Err(bad());
        }
        Ok(Self {
            salvo: k,
            look,
            max_per_warhead: None,
        })
    }
}
