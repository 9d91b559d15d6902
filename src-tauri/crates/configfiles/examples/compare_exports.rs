//! Times the compare of two N-object exports (1% changed, 1% removed, 1% added), five times,
//! and prints the milliseconds as one JSON array. `bench.sh` runs it optimised and passes the
//! figures to the benchmark's report: `compare_exports [N]` (10,000 without).

const RUNS: usize = 5;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let objects = match std::env::args().nth(1) {
        Some(given) => given.parse()?,
        None => 10_000,
    };
    let mut milliseconds = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let elapsed = gatehouse_configfiles::bench::time_compare(objects)?;
        milliseconds.push(elapsed.as_secs_f64() * 1000.0);
    }
    println!("{}", serde_json::to_string(&milliseconds)?);
    Ok(())
}
