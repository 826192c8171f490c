"""Connect a benchmark script to a site of the bench (same settings as scripts/lib.sh)."""

import argparse
import os
import resource
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def connect(description: str) -> argparse.Namespace:
	import frappe

	parser = argparse.ArgumentParser(description=description)
	parser.add_argument("--site", default=os.environ.get("AGENCY_TEST_SITE", "test-agency.localhost"))
	parser.add_argument(
		"--bench", default=os.environ.get("AGENCY_BENCH", os.path.expanduser("~/agency-bench"))
	)
	args, _rest = parser.parse_known_args()
	sites = os.path.join(args.bench, "sites")
	os.chdir(sites)
	frappe.init(site=args.site, sites_path=sites)
	frappe.connect()
	frappe.set_user("Administrator")
	return args


def peak_rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
