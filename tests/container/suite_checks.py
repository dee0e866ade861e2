#!/usr/bin/python3
"""Checks of a running suite, through its published ports, for container_test.sh.

  suite_checks.py reflection --grpc_proto_dir DIR HOST:PORT=SERVICE...
      Each server lists its service, health and reflection (v1) over server
      reflection, returns the .proto file defining its service, and answers
      grpc.health.v1.Health/Check SERVING for "" and for its service.
  suite_checks.py snapshot --cli CLI --ingest A --extraction A --query A --docs N
      Prints what the suite knows, as JSON: stats, the hits of a few
      searches and the PERSON entities, read with newsgraph-cli. Fails unless
      the query service has N documents and the searches find something.
  suite_checks.py metrics --ingest A --extraction A --query A --docs N [--ingested K]
      Scrapes the three Prometheus endpoints (parsed with Debian's
      python3-prometheus-client): N documents stored in ingest and query,
      both feeds connected without lag, K IngestDocument calls answered OK.
Two snapshots taken before and after a restart must be equal.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reflection"))
from reflection_client_test import generate_stubs  # noqa: E402  (one stub generator)

# Words the sample articles share: news on health care in Kazakhstan.
SEARCHES = ("hospital", "minister", "vaccine OR vaccination", "tenge")


def check_reflection(args):
    import grpc
    failures = []
    with tempfile.TemporaryDirectory(prefix="newsgraph-container-reflection-") as work_dir:
        generate_stubs(args.grpc_proto_dir, work_dir)
        from rv1 import reflection_pb2, reflection_pb2_grpc
        from hv1 import health_pb2, health_pb2_grpc
        from google.protobuf import descriptor_pb2
        for target in args.targets:
            address, service = target.split("=")
            failures_before = len(failures)
            channel = grpc.insecure_channel(address)
            stub = reflection_pb2_grpc.ServerReflectionStub(channel)
            requests = [reflection_pb2.ServerReflectionRequest(list_services=""),
                        reflection_pb2.ServerReflectionRequest(file_containing_symbol=service)]
            responses = list(stub.ServerReflectionInfo(iter(requests), timeout=10))
            listed = {s.name for s in responses[0].list_services_response.service}
            for expected in (service, "grpc.health.v1.Health",
                             "grpc.reflection.v1.ServerReflection"):
                if expected not in listed:
                    failures.append(f"{address}: {expected} not listed ({sorted(listed)})")
            defined = set()
            for raw in responses[1].file_descriptor_response.file_descriptor_proto:
                proto = descriptor_pb2.FileDescriptorProto()
                proto.ParseFromString(raw)
                defined.update(f"{proto.package}.{s.name}" for s in proto.service)
            if service not in defined:
                failures.append(f"{address}: reflection did not return the file of {service}")
            health = health_pb2_grpc.HealthStub(channel)
            for name in ("", service):
                try:
                    status = health.Check(health_pb2.HealthCheckRequest(service=name),
                                          timeout=10).status
                except grpc.RpcError as error:
                    status = error.code()
                if status != health_pb2.HealthCheckResponse.SERVING:
                    failures.append(f"{address}: health of {name!r} is {status}")
            channel.close()
            if len(failures) == failures_before:
                print(f"{address}: {service}, health and reflection answer")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    return 1 if failures else 0


def cli(args, *command):
    result = subprocess.run(
        [args.cli, *command, f"--ingest={args.ingest}", f"--extraction={args.extraction}",
         f"--query={args.query}", "--compact", "--timeout_s=20"],
        capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise SystemExit(f"newsgraph-cli {' '.join(command)} failed: {result.stderr.strip()}")
    return [json.loads(line) for line in result.stdout.splitlines() if line.strip()]


def snapshot(args):
    stats = cli(args, "stats")[0]
    if int(stats.get("document_count", 0)) != args.docs:
        raise SystemExit(f"query has {stats.get('document_count')} documents, want {args.docs}")
    shot = {"document_count": stats["document_count"], "feed_cursor": stats.get("feed_cursor"),
            "entities_by_type": stats.get("entities_by_type"), "searches": {}}
    for query in SEARCHES:
        response = cli(args, "search", "--page_size=20", query)[0]
        hits = response.get("hits", [])
        if not hits:
            raise SystemExit(f"search {query!r} found nothing")
        shot["searches"][query] = [(h["doc_id"], h["title"], round(h["score"], 9)) for h in hits]
    people = cli(args, "entities", "--type=PERSON", "--page_size=50")
    shot["people"] = sorted((e["entity_id"], e["canonical_name"])
                            for response in people for e in response.get("entities", []))
    if not shot["people"]:
        raise SystemExit("extraction lists no PERSON entities")
    json.dump(shot, sys.stdout, indent=1, sort_keys=True)
    print()
    return 0


def scrape(address):
    """The samples of one /metrics page: {(name, sorted label items): value}."""
    import urllib.request
    from prometheus_client.parser import text_string_to_metric_families
    with urllib.request.urlopen(f"http://{address}/metrics", timeout=10) as response:
        text = response.read().decode()
    return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
            for family in text_string_to_metric_families(text) for sample in family.samples}


def check_metrics(args):
    """What the three metrics endpoints say after --docs documents went through."""
    failures = []
    ingest, extraction, query = scrape(args.ingest), scrape(args.extraction), scrape(args.query)
    expect = {
        ("ingest", "newsgraph_documents_stored", ()): args.docs,
        ("query", "newsgraph_documents_stored", ()): args.docs,
        ("extraction", "newsgraph_feed_lag_sequences", (("feed", "ingest"),)): 0,
        ("extraction", "newsgraph_feed_connected", (("feed", "ingest"),)): 1,
        ("query", "newsgraph_feed_lag_sequences", (("feed", "extraction"),)): 0,
        ("query", "newsgraph_feed_connected", (("feed", "extraction"),)): 1,
    }
    pages = {"ingest": ingest, "extraction": extraction, "query": query}
    for (service, name, labels), value in expect.items():
        got = pages[service].get((name, labels))
        if got != value:
            failures.append(f"{service}: {name}{dict(labels)} is {got}, want {value}")
    if args.ingested is not None:
        method = "newsgraph.v1.IngestService/IngestDocument"
        ok = ingest.get(("newsgraph_grpc_server_handled_total",
                         (("code", "OK"), ("method", method))))
        if ok != args.ingested:
            failures.append(f"ingest: {method} handled OK {ok} times, want {args.ingested}")
    for failure in failures:
        print("FAIL:", failure, file=sys.stderr)
    if not failures:
        print(f"metrics: {args.docs} documents stored in ingest and query, feeds connected, no lag")
    return 1 if failures else 0


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    reflection = sub.add_parser("reflection")
    reflection.add_argument("--grpc_proto_dir", default="/usr/share/grpc-proto")
    reflection.add_argument("targets", nargs="+")
    shot = sub.add_parser("snapshot")
    for flag in ("--cli", "--ingest", "--extraction", "--query"):
        shot.add_argument(flag, required=True)
    shot.add_argument("--docs", type=int, required=True)
    metrics = sub.add_parser("metrics")
    for flag in ("--ingest", "--extraction", "--query"):
        metrics.add_argument(flag, required=True, help="host:port of the metrics endpoint")
    metrics.add_argument("--docs", type=int, required=True)
    metrics.add_argument("--ingested", type=int, help="IngestDocument calls since ingest started")
    args = parser.parse_args()
    return {"reflection": check_reflection, "snapshot": snapshot,
            "metrics": check_metrics}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
