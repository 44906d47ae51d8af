#!/usr/bin/env python3
"""Checks what the websocket test server saw: every websocket operation connected, every client message valid,
every ping answered. Prints the figures and `websocket server: N passed, N failed`; exits 1 on a failure.

Usage: websocket_stats.py --server URL --operations N
"""

import argparse
import json
import sys
import urllib.request


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--server", required=True)
    parser.add_argument("--operations", type=int, required=True, help="how many websocket operations the spec has")
    arguments = parser.parse_args()
    totals = json.load(urllib.request.urlopen(arguments.server + "/__stats"))["totals"]
    print(
        f"websocket operations exercised: {totals['websocket_operations_connected']} of {totals['websocket_operations']}; "
        f"{totals['connections']} connections; client messages validated: {totals['client_messages_valid']} valid, "
        f"{totals['client_messages_invalid']} invalid; messages sent: {totals['messages_sent']}; "
        f"pings answered: {totals['pongs_received']} of {totals['pings_sent']}"
    )
    checks = {
        f"all {arguments.operations} websocket operations connected": totals["websocket_operations_connected"] == arguments.operations
        and totals["websocket_operations"] == arguments.operations,
        "every client message valid": totals["client_messages_invalid"] == 0 and totals["client_messages_valid"] > 0,
        "every ping answered": totals["pongs_received"] == totals["pings_sent"] > 0,
    }
    for name, passed in checks.items():
        if not passed:
            print(f"FAIL {name}")
    failed = sum(not passed for passed in checks.values())
    print(f"websocket server: {len(checks) - failed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
