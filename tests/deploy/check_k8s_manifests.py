#!/usr/bin/python3
"""Checks deploy/k8s against the real binaries.

Every manifest must parse; every NEWSGRAPH_* variable a container sets (also
through the ConfigMap) must be a flag of that container's binary; the
container port must be the port NEWSGRAPH_LISTEN names; gRPC probes must use
that port and, when they name a service, a service the protos define; the
grace period must exceed the shutdown deadline; every StatefulSet needs a
volume claim and a headless Service. A manifest naming a port or flag the
binary does not have fails the test.

usage: check_k8s_manifests.py REPO_ROOT INGEST_BIN EXTRACTION_BIN QUERY_BIN
"""
import glob
import os
import re
import subprocess
import sys

import yaml


def binary_flags(binary):
    out = subprocess.run([binary, "--helpfull"], capture_output=True, text=True).stdout
    return set(re.findall(r"^\s+--([a-z_0-9]+) ", out, re.M))


def proto_services(root):
    names = set()
    for path in glob.glob(os.path.join(root, "protos/newsgraph/v1/*.proto")):
        text = open(path).read()
        package = re.search(r"^package\s+([\w.]+);", text, re.M).group(1)
        names.update(f"{package}.{s}" for s in re.findall(r"^service\s+(\w+)", text, re.M))
    return names


def main():
    root, binaries = sys.argv[1], dict(zip(("ingest", "extraction", "query"), sys.argv[2:5]))
    flags = {name: binary_flags(path) for name, path in binaries.items()}
    services = proto_services(root)
    docs = []
    for path in sorted(glob.glob(os.path.join(root, "deploy/k8s/*.yaml"))):
        with open(path) as f:
            docs.extend((path, d) for d in yaml.safe_load_all(f) if d)
    failures = []
    kustomization = next((d for p, d in docs if d.get("kind") == "Kustomization"), None)
    if kustomization is None:
        failures.append("no kustomization.yaml")
    else:
        for resource in kustomization["resources"]:
            if not os.path.exists(os.path.join(root, "deploy/k8s", resource)):
                failures.append(f"kustomization names missing {resource}")
    config = {}
    for _, d in docs:
        if d.get("kind") == "ConfigMap":
            config.update(d.get("data", {}))
    headless = {d["metadata"]["name"] for _, d in docs
                if d.get("kind") == "Service" and d["spec"].get("clusterIP") == "None"}
    statefulsets = [d for _, d in docs if d.get("kind") == "StatefulSet"]
    if {s["metadata"]["name"] for s in statefulsets} != set(binaries):
        failures.append("expected one StatefulSet per service")
    for s in statefulsets:
        name = s["metadata"]["name"]
        pod = s["spec"]["template"]["spec"]
        container = pod["containers"][0]
        env = dict(config)
        env.update({e["name"]: e.get("value", "") for e in container.get("env", [])})
        for var in env:
            flag = var[len("NEWSGRAPH_"):].lower()
            if not var.startswith("NEWSGRAPH_") or flag not in flags[name]:
                failures.append(f"{name}: {var} is not a flag of newsgraph-{name}")
        port = int(env.get("NEWSGRAPH_LISTEN", ":0").rsplit(":", 1)[1])
        ports = [p["containerPort"] for p in container.get("ports", [])]
        if ports != [port]:
            failures.append(f"{name}: container ports {ports} but listens on {port}")
        for probe_name in ("readinessProbe", "livenessProbe"):
            probe = container.get(probe_name, {}).get("grpc")
            if probe is None:
                failures.append(f"{name}: {probe_name} is not a gRPC probe")
                continue
            if probe["port"] != port:
                failures.append(f"{name}: {probe_name} probes port {probe['port']}")
            if probe.get("service") and probe["service"] not in services:
                failures.append(f"{name}: {probe_name} names unknown service {probe['service']}")
        deadline_ms = int(env.get("NEWSGRAPH_SHUTDOWN_DEADLINE_MS", "10000"))
        if pod.get("terminationGracePeriodSeconds", 30) * 1000 <= deadline_ms:
            failures.append(f"{name}: grace period not longer than the shutdown deadline")
        if not s["spec"].get("volumeClaimTemplates"):
            failures.append(f"{name}: no volume per replica")
        if s["spec"]["serviceName"] not in headless:
            failures.append(f"{name}: serviceName {s['spec']['serviceName']} is not a headless Service")
        upstream = env.get("NEWSGRAPH_UPSTREAM")
        if upstream:
            host, upstream_port = upstream.rsplit(":", 1)
            if host.split(".")[1] not in headless:
                failures.append(f"{name}: upstream {upstream} is not a headless Service name")
        if "limits" not in container.get("resources", {}):
            failures.append(f"{name}: no resource limits")
    for failure in failures:
        print("FAIL:", failure)
    print("k8s manifests:", "1 passed, 0 failed" if not failures else "0 passed, 1 failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
