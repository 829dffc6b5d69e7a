//! Section `ab`: two builds of the gateway in one run, each hot path served by each build in
//! turn (`--only ab --before OLD_BINARY`; the build under test is the usual one). What a change
//! costs on the hot paths, with the machine's drift shared by both: each round starts each
//! build on a fresh SQLite database with the admin and loads REST `user_profile` as section
//! (a) does, then soap.php `WSCourse.ListCourses` (key check, audit row, a read, the SOAP
//! answer); the builds alternate which goes first.

use std::path::{Path, PathBuf};
use std::time::Duration;

use bytes::Bytes;

use crate::load::{Plan, Stats};
use crate::{admin_key, load_with_cpu, median, proc, soap, Bench, Row, ADMIN, V2};

impl Bench {
    pub(crate) async fn before_after(&mut self) -> anyhow::Result<()> {
        let before: PathBuf = self
            .opts
            .before
            .clone()
            .ok_or_else(|| anyhow::anyhow!("section ab needs --before BINARY"))?;
        // the builds run from the scratch directory
        let before = std::fs::canonicalize(&before)
            .map_err(|e| anyhow::anyhow!("{}: {e}", before.display()))?;
        let builds = [before, self.gateway.clone()];
        eprintln!(
            "(ab) user_profile, {} rounds: before {} / after {} ...",
            self.opts.rounds,
            builds[0].display(),
            builds[1].display()
        );
        for path in [HotPath::RestProfile, HotPath::SoapListCourses] {
            self.compare(&builds, path).await?;
        }
        Ok(())
    }

    async fn compare(&mut self, builds: &[PathBuf; 2], path: HotPath) -> anyhow::Result<()> {
        let name = path.name();
        let mut runs: [Vec<(Stats, f64)>; 2] = Default::default();
        for round in 0..self.opts.rounds {
            // who goes first alternates, so a drift of the machine favours neither build
            let order = if round % 2 == 0 { [0, 1] } else { [1, 0] };
            for which in order {
                let label = ["before", "after"][which];
                runs[which].push(self.hot_load(&builds[which], label, path).await?);
            }
        }
        let figures = |which: usize| {
            let rps = median(&mut runs[which].iter().map(|r| r.0.rps).collect::<Vec<_>>());
            let cpu = median(&mut runs[which].iter().map(|r| r.1).collect::<Vec<_>>());
            let p99 = median(&mut runs[which].iter().map(|r| r.0.p99_ms).collect::<Vec<_>>());
            let rounds: Vec<String> = runs[which]
                .iter()
                .map(|(s, cpu)| format!("{:.0}/{cpu:.0}/{:.2}", s.rps, s.p99_ms))
                .collect();
            (rps, cpu, p99, rounds.join(", "))
        };
        let (b, a) = (figures(0), figures(1));
        let n = self.opts.rounds;
        self.rows.push(Row {
            what: format!("(ab) {name}: throughput, median of {n}"),
            figure: format!("{:.0} req/s", a.0),
            baseline: format!("{:.0} req/s (before)", b.0),
            ratio: Some(a.0 / b.0),
            goal: ">= 0.95 of before".into(),
            met: Some(a.0 / b.0 >= 0.95),
        });
        self.rows.push(Row {
            what: format!("(ab) {name}: server CPU per answer, median of {n}"),
            figure: format!("{:.1} µs", a.1),
            baseline: format!("{:.1} µs (before)", b.1),
            ratio: Some(b.1 / a.1),
            goal: String::new(),
            met: None,
        });
        self.rows.push(Row {
            what: format!("(ab) {name}: p99 latency, median of {n}"),
            figure: format!("{:.2} ms", a.2),
            baseline: format!("{:.2} ms (before)", b.2),
            ratio: Some(b.2 / a.2),
            goal: String::new(),
            met: None,
        });
        self.rows.push(Row::info(
            format!("(ab) {name} rounds, req/s / µs CPU per answer / p99 ms"),
            format!("after: {}; before: {}", a.3, b.3),
        ));
        Ok(())
    }

    /// One build on a fresh database with the admin: one hot path under load.
    async fn hot_load(
        &self,
        build: &Path,
        label: &str,
        path: HotPath,
    ) -> anyhow::Result<(Stats, f64)> {
        let url = proc::fresh_sqlite(&self.scratch);
        self.create_admin(build, &url)?;
        let gw = self.start_build(build, &url, true)?;
        let (target, post, expect_prefix): (String, Option<Bytes>, &'static [u8]) = match path {
            HotPath::RestProfile => {
                let key = admin_key(gw.addr).await?;
                (
                    format!("{V2}?action=user_profile&username={ADMIN}&api_key={key}"),
                    None,
                    b"{\"error\":false",
                )
            }
            HotPath::SoapListCourses => (
                soap::ENDPOINT.to_owned(),
                Some(soap::list_courses().into()),
                b"<?xml",
            ),
        };
        let plan = Plan {
            addr: gw.addr,
            target,
            connections: self.opts.connections,
            warmup: Duration::from_secs(1),
            duration: Duration::from_secs(self.opts.secs),
            expect_prefix,
            post,
        };
        let measured = load_with_cpu(&format!("{label} {}", path.name()), &gw, plan);
        gw.stop();
        Ok(measured)
    }
}

/// The calls compared.
#[derive(Debug, Clone, Copy)]
enum HotPath {
    RestProfile,
    SoapListCourses,
}

impl HotPath {
    fn name(self) -> &'static str {
        match self {
            HotPath::RestProfile => "REST user_profile",
            HotPath::SoapListCourses => "SOAP WSCourse.ListCourses",
        }
    }
}
