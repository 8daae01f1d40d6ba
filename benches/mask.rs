//! What `vault run --mask` costs per byte of output: the streaming matcher over 4 MiB of
//! text holding no value, and the same text with a value in every 4 KiB, cut into
//! 4 KiB reads as a pipe delivers them, for 10 and 1,000 values of 32 bytes. The
//! README's "Speed" section has the figures. `cargo bench --bench mask`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use vault::runner::mask::{Masker, Patterns};

/// `count` distinct values of 32 bytes.
fn values(count: usize) -> Vec<(String, Vec<u8>)> {
    (0..count)
        .map(|i| (format!("KEY_{i}"), format!("{i:08}-secret-value-abcdefghijklmnop").into_bytes()))
        .collect()
}

/// 4 MiB of log-like lines, with `value` in every 4 KiB if given.
fn output(value: Option<&[u8]>) -> Vec<u8> {
    let mut text = Vec::with_capacity(4 << 20);
    let mut line = 0;
    while text.len() < 4 << 20 {
        text.extend_from_slice(
            format!("2026-12-02T01:02:03Z INFO request {line} served in 3 ms\n").as_bytes(),
        );
        if let Some(value) = value
            && line % 64 == 0
        {
            text.extend_from_slice(value);
            text.push(b'\n');
        }
        line += 1;
    }
    text
}

fn matcher(c: &mut Criterion) {
    let mut group = c.benchmark_group("mask");
    for count in [10, 1_000] {
        let values = values(count);
        let (patterns, _) = Patterns::new(values.iter().map(|(k, v)| (k.as_str(), v.as_slice()))).unwrap();
        let patterns = patterns.unwrap();
        for (name, text) in
            [("clean", output(None)), ("a value per 4 KiB", output(Some(&values[count / 2].1)))]
        {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(format!("{count} values, {name}"), |b| {
                b.iter(|| {
                    let mut masker = Masker::new(&patterns);
                    let mut out = Vec::with_capacity(text.len());
                    for read in text.chunks(4096) {
                        masker.feed(read, &mut out);
                    }
                    masker.flush(&mut out);
                    out.len()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, matcher);
criterion_main!(benches);
