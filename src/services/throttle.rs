//! Rate limits on guessable secrets: sign-in (per address and per account) and, later, the
//! newcomer status check. Kept in memory per instance (governor's GCRA): with several
//! instances an attacker gets at most that many times the quota, still far too few guesses.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::ServiceError;

/// The limiters of one instance.
pub struct Throttle {
    enabled: bool,
    sign_in_by_address: DefaultKeyedRateLimiter<String>,
    sign_in_by_account: DefaultKeyedRateLimiter<String>,
    status_by_address: DefaultKeyedRateLimiter<String>,
    status_by_reference: DefaultKeyedRateLimiter<String>,
}

fn quota(burst: u32, one_per: Duration) -> Quota {
    let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(one_per)
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(burst)
}

impl Default for Throttle {
    fn default() -> Self {
        Self {
            enabled: true,
            // An office behind one NAT address: room for several people mistyping.
            sign_in_by_address: RateLimiter::keyed(quota(20, Duration::from_secs(6))),
            // One account: five tries, then one a minute.
            sign_in_by_account: RateLimiter::keyed(quota(5, Duration::from_secs(60))),
            // A family checking several requests from one phone: 20 quick checks, then one
            // every 10 s. Guessing a 59-bit code at that pace is hopeless.
            status_by_address: RateLimiter::keyed(quota(20, Duration::from_secs(10))),
            // One reference: 10 tries, then one a minute (a correct magic link bypasses it).
            status_by_reference: RateLimiter::keyed(quota(10, Duration::from_secs(60))),
        }
    }
}

impl Throttle {
    /// Limits that never refuse: for benchmarks, whose load comes from one address.
    pub fn disabled() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }

    /// Counts a sign-in attempt for this address and account.
    ///
    /// # Errors
    /// `RateLimited` with the seconds to wait when either is over its quota.
    pub fn sign_in(&self, address: Option<&str>, account: &str) -> Result<(), ServiceError> {
        if !self.enabled {
            return Ok(());
        }
        let account = account.trim().to_lowercase();
        check(&self.sign_in_by_account, account)?;
        if let Some(address) = address {
            check(&self.sign_in_by_address, address.to_owned())?;
        }
        Ok(())
    }
}

impl Throttle {
    /// Counts a status check (or a newcomer's message) from this address on this reference.
    ///
    /// # Errors
    /// `RateLimited` with the seconds to wait when either is over its quota.
    pub fn status_check(
        &self,
        address: Option<&str>,
        reference: Option<&str>,
    ) -> Result<(), ServiceError> {
        if !self.enabled {
            return Ok(());
        }
        if let Some(address) = address {
            check(&self.status_by_address, address.to_owned())?;
        }
        if let Some(reference) = reference {
            check(
                &self.status_by_reference,
                reference.trim().to_ascii_uppercase(),
            )?;
        }
        Ok(())
    }
}

fn check(limiter: &DefaultKeyedRateLimiter<String>, key: String) -> Result<(), ServiceError> {
    limiter.check_key(&key).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        ServiceError::RateLimited {
            retry_after_secs: wait.as_secs().max(1),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_quick_attempt_on_one_account_is_refused() {
        let throttle = Throttle::default();
        for _ in 0..5 {
            assert!(
                throttle
                    .sign_in(Some("10.0.0.1"), "jana@example.org")
                    .is_ok()
            );
        }
        assert!(matches!(
            throttle.sign_in(Some("10.0.0.1"), "JANA@example.org"),
            Err(ServiceError::RateLimited { .. })
        ));
        assert!(
            throttle
                .sign_in(Some("10.0.0.1"), "petr@example.org")
                .is_ok()
        );
    }
}
