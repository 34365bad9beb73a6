#!/bin/sh
# Times reading results back, old binary against new, side by side:
#   testdata/bench/readback-bench.sh OLD_IQA NEW_IQA RESULTS.jsonl CORPUS.jsonl [RUNS]
# RESULTS.jsonl is what 'iqa score CORPUS.jsonl --json RESULTS.jsonl' wrote
# (make a corpus with: go test ./cmd -run TestWriteCorpus -corpus CORPUS.jsonl
# -corpus-n 200000). Each round runs every command once with each binary, in
# turn, so that a change in the machine's load falls on both; it prints each
# run's wall and CPU seconds, then the medians. Outputs go to a temporary
# folder and are compared between the binaries.
set -eu
old=$1 new=$2 results=$3 corpus=$4 runs=${5:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# one LABEL BINARY ARGS...: runs iqa, appends "LABEL wall cpu" to times.
one() {
	label=$1 bin=$2
	shift 2
	/usr/bin/time -f "$label %e %U %S" -a -o "$tmp/times.raw" "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr" || {
		echo "failed: $bin $*" >&2
		cat "$tmp/stderr" >&2
		exit 1
	}
}

for round in $(seq "$runs"); do
	for side in old new; do
		eval bin=\$$side
		one "report/$side" "$bin" report "$results" --csv "$tmp/$side.csv" --summary json
		cp "$tmp/stdout" "$tmp/$side.summary.json"
		one "coach-results/$side" "$bin" coach --results "$results" -o "$tmp/coach-$side" --quiet
		one "coach-raw/$side" "$bin" coach "$corpus" -o "$tmp/coach-raw-$side" --quiet
	done
	echo "round $round done" >&2
done

cmp "$tmp/old.csv" "$tmp/new.csv"
cmp "$tmp/old.summary.json" "$tmp/new.summary.json"
diff -r "$tmp/coach-old" "$tmp/coach-new"
echo "outputs identical (csv, summary, coaching pages)"

n=$(grep -c '"schema":"iqa.result/v1"' "$results")
cat "$tmp/times.raw"
# median FIELD LABEL: the median of a column of a label's runs.
median() {
	awk -v l="$2" '$1 == l { print ('"$1"') }' "$tmp/times.raw" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for label in $(awk '{ print $1 }' "$tmp/times.raw" | sort -u); do
	wall=$(median '$2' "$label") cpu=$(median '$3 + $4' "$label")
	echo "$label $wall $cpu" | awk -v n="$n" '{ printf "median %-20s wall %7.2fs  cpu %7.2fs  %8.0f results/s\n", $1, $2, $3, n / $2 }'
done
