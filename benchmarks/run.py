"""Run one benchmark, or all of them, against a site of the bench.

    bash scripts/bench.sh NAME|all [--site SITE] [--scale 0.1] [--enforce-targets] [--keep]
    $AGENCY_BENCH/env/bin/python benchmarks/run.py NAME|all [same options]

Every benchmark takes the same arguments. The exit status is non-zero when a benchmark's own
cross-check fails (or it raises), and, with ``--enforce-targets``, when it misses a target. ``all``
runs each benchmark in a process of its own, one after the other, and fails if any failed.
"""

import argparse
import importlib
import os
import subprocess
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

BENCHMARKS = {
	"signoff": "benchmarks.bench_signoff",
	"complaints": "benchmarks.bench_complaints",
	"scorecard": "benchmarks.bench_scorecard",
	"visits": "benchmarks.bench_visits",
	"surveys": "benchmarks.bench_surveys",
	"portal_load": "benchmarks.bench_portal_load",
	"archive": "benchmarks.bench_archive",
	"health": "benchmarks.bench_health",
	"work": "benchmarks.bench_work",
	"work_progress": "benchmarks.bench_work_progress",
	"ad_content": "benchmarks.bench_ad_content",
	"contracts": "benchmarks.bench_contracts",
}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
	parser = argparse.ArgumentParser(
		description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
	)
	parser.add_argument("name", choices=[*BENCHMARKS, "all"])
	parser.add_argument("--site", default=os.environ.get("AGENCY_TEST_SITE", "test-agency.localhost"))
	parser.add_argument(
		"--bench", default=os.environ.get("AGENCY_BENCH", os.path.expanduser("~/agency-bench"))
	)
	parser.add_argument(
		"--scale", type=float, default=1.0, help="data size relative to the README's figures (1 = full)"
	)
	parser.add_argument("--enforce-targets", action="store_true", help="a missed target fails the run too")
	parser.add_argument("--keep", action="store_true", help="keep the generated data")
	parser.add_argument("--phase", help=argparse.SUPPRESS)  # a step a benchmark runs in a process of its own
	args, args.extra = parser.parse_known_args(argv)
	if args.extra and args.name == "all":
		parser.error(f"unrecognized arguments: {' '.join(args.extra)}")
	if args.scale <= 0:
		parser.error("--scale must be positive")
	return args


def main(argv: list[str] | None = None) -> int:
	args = parse_args(argv)
	if args.name == "all":
		return run_all(args)
	return run_one(args)


def run_all(args: argparse.Namespace) -> int:
	results = {}
	for name in BENCHMARKS:
		print(f"\n=== {name} ===", flush=True)
		started = time.perf_counter()
		code = subprocess.run(
			[sys.executable, os.path.abspath(__file__), name, *common_argv(args)]
		).returncode
		results[name] = (code, time.perf_counter() - started)
	print("\n=== summary ===")
	for name, (code, elapsed) in results.items():
		print(f"  {name:<11} {'ok' if code == 0 else f'FAILED (exit {code})':<16} {elapsed:6.0f} s")
	return 0 if all(code == 0 for code, _elapsed in results.values()) else 1


def common_argv(args: argparse.Namespace) -> list[str]:
	argv = ["--site", args.site, "--bench", args.bench, "--scale", str(args.scale)]
	return argv + ["--enforce-targets"] * args.enforce_targets + ["--keep"] * args.keep


def run_one(args: argparse.Namespace) -> int:
	import frappe

	from benchmarks.common import Context, connect

	module = importlib.import_module(BENCHMARKS[args.name])
	ctx = Context(
		site=args.site,
		bench=args.bench,
		scale=args.scale,
		enforce_targets=args.enforce_targets,
		keep=args.keep,
		phase=args.phase,
		extra=args.extra,
	)
	if not args.phase:
		print(f"{args.name}: site {args.site}, scale {args.scale:g}", flush=True)
	connect(ctx)
	try:
		module.run(ctx)
	except Exception:
		traceback.print_exc()
		ctx.failures.append("the benchmark raised")
	finally:
		if not args.keep:
			# the generated data is gone: so is what its inserts queued (notifications and the like)
			from frappe.utils.doctor import purge_pending_jobs

			purge_pending_jobs(site=args.site)
		frappe.destroy()
	if args.phase:
		return ctx.exit_code()
	if ctx.failures:
		print(f"{args.name}: FAILED — " + "; ".join(ctx.failures))
	if ctx.missed:
		print(f"{args.name}: targets missed — " + "; ".join(ctx.missed))
	if not ctx.failures and not ctx.missed:
		print(f"{args.name}: all checks passed, all targets met")
	elif not ctx.failures:
		print(f"{args.name}: all checks passed")
	return ctx.exit_code()


def run_phase(ctx, name: str, phase: str):
	"""Run ``phase`` of benchmark ``name`` in a process of its own (so its memory is not counted here)."""
	argv = [sys.executable, os.path.abspath(__file__), name, "--phase", phase]
	argv += ["--site", ctx.site, "--bench", ctx.bench, "--scale", str(ctx.scale)]
	if subprocess.run(argv).returncode:
		raise RuntimeError(f"{name}: the {phase} step failed")


def run_with_generated_data(ctx, name: str, sizes: dict, generate, measure, cleanup):
	"""Generate ``sizes`` of data (``generate(**sizes)``) in a process of its own, then ``measure(ctx,
	sizes)`` in this one — so the peak RSS is the measured work's — and remove the data after (unless
	``--keep``) with ``cleanup()``, which also runs first to clear a previous run's leftovers."""
	import frappe

	if ctx.phase == "generate":
		started = time.perf_counter()
		generate(**sizes)
		frappe.db.commit()
		made = ", ".join(f"{count:,} {what}" for what, count in sizes.items())
		print(f"generated {made} in {time.perf_counter() - started:.1f} s", flush=True)
		return
	from benchmarks.common import with_generated_data

	def made():
		run_phase(ctx, name, "generate")  # which says what it generated
		return sizes, None

	with_generated_data(ctx, made, measure, cleanup)


if __name__ == "__main__":
	raise SystemExit(main())
