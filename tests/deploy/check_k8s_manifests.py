#!/usr/bin/python3
"""Checks deploy/k8s against the real binaries.

deploy/k8s/base is the plaintext suite, deploy/k8s/tls an overlay that adds
TLS and bearer tokens from the Secret newsgraph-tls, deploy/pod the suite as
one Pod for `podman kube play` (checked the same way: flags, ports on
127.0.0.1, probe, a volume claim each, a deadline inside podman's stop
timeout).

Every manifest must parse; every NEWSGRAPH_* variable a container sets (also
through the ConfigMap, and also the ones the overlay offers commented out)
must be a flag of that container's binary; the container port must be the
port NEWSGRAPH_LISTEN names; gRPC probes must use that port and, when they
name a service, a service the protos define (with TLS on, the kubelet cannot
probe gRPC, so exec probes run newsgraph-health-probe with --tls_ca on that
port, their flags checked against the probe's own --helpfull and their files
against the Secret); the grace period must exceed the
shutdown deadline; every StatefulSet needs a volume claim, a headless Service
and resource requests and limits. Every file a TLS variable names must be a
key of the Secret (secret-template.yaml) under the path where the Secret is
mounted. When kubectl is installed, `kubectl kustomize` renders both
kustomizations and the rendered StatefulSets are checked the same way. A
manifest naming a port or flag the binary does not have fails the test.

usage: check_k8s_manifests.py REPO_ROOT INGEST_BIN EXTRACTION_BIN QUERY_BIN
"""
import glob
import os
import re
import shutil
import subprocess
import sys

import yaml

SERVICES = ("ingest", "extraction", "query")
# newsgraph-health-probe's flags (set in main from its --helpfull).
PROBE_FLAGS = set()


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


def load(paths):
    docs = []
    for path in paths:
        with open(path) as f:
            docs.extend(d for d in yaml.safe_load_all(f) if d)
    return docs


def flag_of(variable):
    return variable[len("NEWSGRAPH_"):].lower() if variable.startswith("NEWSGRAPH_") else None


def check_kustomization(folder, failures):
    path = os.path.join(folder, "kustomization.yaml")
    if not os.path.exists(path):
        failures.append(f"no {path}")
        return {}
    kustomization = load([path])[0]
    for entry in kustomization.get("resources", []) + [
            p["path"] for p in kustomization.get("patches", [])]:
        if not os.path.exists(os.path.join(folder, entry)):
            failures.append(f"{path} names missing {entry}")
    return kustomization


def check_statefulsets(label, docs, flags, services, secret, failures):
    """The checks every rendering of the suite must pass."""
    config = {}
    for d in docs:
        if d.get("kind") == "ConfigMap":
            config.update(d.get("data", {}))
    headless = {d["metadata"]["name"] for d in docs
                if d.get("kind") == "Service" and d["spec"].get("clusterIP") == "None"}
    statefulsets = [d for d in docs if d.get("kind") == "StatefulSet"]
    if {s["metadata"]["name"] for s in statefulsets} != set(SERVICES):
        failures.append(f"{label}: expected one StatefulSet per service")
    for s in statefulsets:
        name = s["metadata"]["name"]
        pod = s["spec"]["template"]["spec"]
        container = pod["containers"][0]
        env = dict(config)
        env.update({e["name"]: e.get("value", "") for e in container.get("env", [])})
        for var in env:
            if flag_of(var) not in flags[name]:
                failures.append(f"{label}: {name}: {var} is not a flag of newsgraph-{name}")
        port = int(env.get("NEWSGRAPH_LISTEN", ":0").rsplit(":", 1)[1])
        want = {"grpc": port}
        if env.get("NEWSGRAPH_METRICS_LISTEN"):
            want["metrics"] = int(env["NEWSGRAPH_METRICS_LISTEN"].rsplit(":", 1)[1])
        ports = {p.get("name"): p["containerPort"] for p in container.get("ports", [])}
        if ports != want:
            failures.append(f"{label}: {name}: container ports {ports} but listens on {want}")
        annotations = s["spec"]["template"]["metadata"].get("annotations", {})
        if "prometheus.io/port" in annotations and \
                int(annotations["prometheus.io/port"]) != want.get("metrics"):
            failures.append(f"{label}: {name}: prometheus.io/port is not the metrics port")
        tls = bool(env.get("NEWSGRAPH_TLS_CERT"))
        for probe_name in ("readinessProbe", "livenessProbe"):
            probe = container.get(probe_name, {})
            if tls:
                # The kubelet's gRPC probe has no TLS: it would fail forever.
                if "grpc" in probe:
                    failures.append(f"{label}: {name}: with TLS, {probe_name} must not be "
                                    "the kubelet's gRPC probe")
                check_tls_probe_command(f"{label}: {name}: {probe_name}",
                                        probe.get("exec", {}).get("command", []), port,
                                        services, failures)
                continue
            grpc_probe = probe.get("grpc")
            if grpc_probe is None:
                failures.append(f"{label}: {name}: {probe_name} is not a gRPC probe")
                continue
            if grpc_probe["port"] != port:
                failures.append(f"{label}: {name}: {probe_name} probes port {grpc_probe['port']}")
            if grpc_probe.get("service") and grpc_probe["service"] not in services:
                failures.append(f"{label}: {name}: {probe_name} names unknown service "
                                f"{grpc_probe['service']}")
        deadline_ms = int(env.get("NEWSGRAPH_SHUTDOWN_DEADLINE_MS", "10000"))
        if pod.get("terminationGracePeriodSeconds", 30) * 1000 <= deadline_ms:
            failures.append(f"{label}: {name}: grace period not longer than the shutdown deadline")
        if not s["spec"].get("volumeClaimTemplates"):
            failures.append(f"{label}: {name}: no volume per replica")
        if s["spec"]["serviceName"] not in headless:
            failures.append(f"{label}: {name}: serviceName {s['spec']['serviceName']} "
                            "is not a headless Service")
        upstream = env.get("NEWSGRAPH_UPSTREAM")
        if upstream:
            host = upstream.rsplit(":", 1)[0]
            if host.split(".")[1] not in headless:
                failures.append(f"{label}: {name}: upstream {upstream} is not a headless Service")
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            if not {"cpu", "memory"} <= set(resources.get(kind, {})):
                failures.append(f"{label}: {name}: {kind} lack cpu or memory")
        check_secret_files(f"{label}: {name}", pod, container, env, secret, failures)


def check_tls_probe_command(label, command, port, services, failures):
    """An exec probe by newsgraph-health-probe over TLS to the server's port.

    Its flags are checked against the probe's real --help."""
    if command[:1] != ["newsgraph-health-probe"] or f"--addr=127.0.0.1:{port}" not in command:
        failures.append(f"{label} must run newsgraph-health-probe against port {port}")
        return
    if not any(arg.startswith("--tls_ca=") for arg in command):
        failures.append(f"{label} does not trust a CA (--tls_ca): it would speak plaintext")
    for arg in command[1:]:
        flag = arg.split("=", 1)[0][2:]
        if flag not in PROBE_FLAGS:
            failures.append(f"{label}: {arg} is not a flag of newsgraph-health-probe")
        if arg.startswith("--service=") and arg[len("--service="):] not in services:
            failures.append(f"{label} names unknown {arg}")


def secret_mounts(pod, container, secret, label, failures):
    """The container's read-only-or-not mounts of the Secret, by folder."""
    mounts = {}
    for volume in pod.get("volumes", []):
        if "secret" in volume:
            if volume["secret"].get("secretName") != secret["metadata"]["name"]:
                failures.append(f"{label}: volume {volume['name']} mounts unknown Secret "
                                f"{volume['secret'].get('secretName')}")
            for mount in container.get("volumeMounts", []):
                if mount["name"] == volume["name"]:
                    mounts[mount["mountPath"].rstrip("/")] = mount
    return mounts


def check_secret_file(label, what, value, mounts, secret, failures):
    """`value`, a file `what` names, is a key of the Secret mounted read-only."""
    keys = set(secret.get("stringData", {})) | set(secret.get("data", {}))
    folder, key = os.path.split(value)
    if folder not in mounts:
        failures.append(f"{label}: {what}={value} is not in a mounted Secret")
    elif not mounts[folder].get("readOnly"):
        failures.append(f"{label}: the Secret at {folder} is mounted writable")
    elif key not in keys:
        failures.append(f"{label}: {what} names {key}, which the Secret does not have")


def check_secret_files(label, pod, container, env, secret, failures):
    """Every file a TLS or token variable names comes from the Secret."""
    mounts = secret_mounts(pod, container, secret, label, failures)
    for var, value in env.items():
        if not re.match(r"NEWSGRAPH_(TLS_|AUTH_TOKENS_FILE|UPSTREAM_TLS_|UPSTREAM_TOKEN)", var):
            continue
        if var == "NEWSGRAPH_AUTH_OPEN_HEALTH_REFLECTION":
            continue
        check_secret_file(label, var, value, mounts, secret, failures)


def check_tls_overlay(root, flags, services, base_docs, secret, failures):
    """The overlay's patches, including the variables they offer commented out."""
    folder = os.path.join(root, "deploy/k8s/tls")
    kustomization = check_kustomization(folder, failures)
    patched = set()
    base = {d["metadata"]["name"]: d for d in base_docs if d.get("kind") == "StatefulSet"}
    for entry in kustomization.get("patches", []):
        path = os.path.join(folder, entry["path"])
        if not os.path.exists(path):
            continue
        text = open(path).read()
        for patch in load([path]):
            name = patch["metadata"]["name"]
            if patch.get("kind") != "StatefulSet" or name not in base:
                failures.append(f"{path}: patches unknown {patch.get('kind')} {name}")
                continue
            patched.add(name)
            container = patch["spec"]["template"]["spec"]["containers"][0]
            env = {e["name"]: e.get("value", "") for e in container.get("env", [])}
            for var in re.findall(r"#.*\b(NEWSGRAPH_[A-Z_]+)", text):
                if flag_of(var) not in flags[name]:
                    failures.append(f"{path}: commented {var} is not a flag of newsgraph-{name}")
            for var in ("NEWSGRAPH_TLS_CERT", "NEWSGRAPH_TLS_KEY", "NEWSGRAPH_AUTH_TOKENS_FILE"):
                if var not in env:
                    failures.append(f"{path}: {name} does not set {var}")
            base_env = {e["name"]: e.get("value", "")
                        for e in base[name]["spec"]["template"]["spec"]["containers"][0]["env"]}
            port = int(base_env["NEWSGRAPH_LISTEN"].rsplit(":", 1)[1])
            for probe_name in ("readinessProbe", "livenessProbe"):
                probe = container.get(probe_name, {})
                if "grpc" not in probe or probe["grpc"] is not None:
                    failures.append(f"{path}: {name}'s {probe_name} must remove the gRPC "
                                    "probe (grpc: null)")
                command = probe.get("exec", {}).get("command", [])
                check_tls_probe_command(f"{path}: {name}'s {probe_name}", command, port,
                                        services, failures)
                # The files the probe reads come from the mounted Secret too.
                label = f"{path}: {name}'s {probe_name}"
                mounts = secret_mounts(patch["spec"]["template"]["spec"], container, secret,
                                       label, failures)
                for arg in command:
                    flag, _, value = arg.partition("=")
                    if flag in ("--tls_ca", "--tls_cert", "--tls_key", "--token_file"):
                        check_secret_file(label, flag, value, mounts, secret, failures)
            if "NEWSGRAPH_UPSTREAM" in base_env and "NEWSGRAPH_UPSTREAM_TLS_CA" not in env:
                failures.append(f"{path}: {name}'s feed stays plaintext")
            for var in env:
                if flag_of(var) not in flags[name]:
                    failures.append(f"{path}: {var} is not a flag of newsgraph-{name}")
            check_secret_files(path, patch["spec"]["template"]["spec"], container, env,
                               secret, failures)
    if patched != set(SERVICES):
        failures.append(f"the TLS overlay patches {sorted(patched)}, not all three services")


def check_pod(root, flags, services, failures):
    """deploy/pod: the suite as one Pod for `podman kube play`."""
    path = os.path.join(root, "deploy/pod/newsgraph-pod.yaml")
    docs = load([path])
    claims = {d["metadata"]["name"] for d in docs if d.get("kind") == "PersistentVolumeClaim"}
    pods = [d for d in docs if d.get("kind") == "Pod"]
    if len(pods) != 1:
        failures.append(f"{path}: expected one Pod")
        return
    pod = pods[0]["spec"]
    volumes = {v["name"]: v.get("persistentVolumeClaim", {}).get("claimName")
               for v in pod.get("volumes", [])}
    if {c["name"] for c in pod["containers"]} != set(SERVICES):
        failures.append(f"{path}: expected the containers {SERVICES}")
    listen_ports = {}
    for container in pod["containers"]:
        name = container["name"]
        env = {e["name"]: e.get("value", "") for e in container.get("env", [])}
        for var in env:
            if flag_of(var) not in flags.get(name, ()):
                failures.append(f"{path}: {name}: {var} is not a flag of newsgraph-{name}")
        port = int(env.get("NEWSGRAPH_LISTEN", ":0").rsplit(":", 1)[1])
        listen_ports[name] = port
        want = {port}
        if env.get("NEWSGRAPH_METRICS_LISTEN"):
            want.add(int(env["NEWSGRAPH_METRICS_LISTEN"].rsplit(":", 1)[1]))
        if {p["containerPort"] for p in container.get("ports", [])} != want:
            failures.append(f"{path}: {name}: container ports are not {sorted(want)}")
        for p in container.get("ports", []):
            if p.get("hostIP") != "127.0.0.1":
                failures.append(f"{path}: {name}: port {p} is not published on 127.0.0.1 only")
        command = container.get("livenessProbe", {}).get("exec", {}).get("command", [])
        if command[:1] != ["newsgraph-health-probe"] or f"--addr=127.0.0.1:{port}" not in command:
            failures.append(f"{path}: {name}: the liveness probe does not ask port {port}")
        for arg in command[1:]:
            if arg.split("=", 1)[0][2:] not in PROBE_FLAGS:
                failures.append(f"{path}: {name}: {arg} is not a flag of newsgraph-health-probe")
            if arg.startswith("--service=") and arg[len("--service="):] not in services:
                failures.append(f"{path}: {name}: the probe names unknown {arg}")
        # podman 4.3 ignores terminationGracePeriodSeconds and stops after 10 s.
        deadline_ms = int(env.get("NEWSGRAPH_SHUTDOWN_DEADLINE_MS", "10000"))
        if deadline_ms >= 10000 or pod.get("terminationGracePeriodSeconds", 30) * 1000 <= deadline_ms:
            failures.append(f"{path}: {name}: shutdown deadline {deadline_ms} ms does not fit "
                            "podman's 10 s stop timeout and the grace period")
        if "limits" not in container.get("resources", {}):
            failures.append(f"{path}: {name}: no resource limits")
        mounts = [m["name"] for m in container.get("volumeMounts", [])]
        if len(mounts) != 1 or volumes.get(mounts[0]) not in claims:
            failures.append(f"{path}: {name}: its data is not on a PersistentVolumeClaim of its own")
    for container in pod["containers"]:
        env = {e["name"]: e.get("value", "") for e in container.get("env", [])}
        upstream = env.get("NEWSGRAPH_UPSTREAM")
        if upstream and int(upstream.rsplit(":", 1)[1]) not in listen_ports.values():
            failures.append(f"{path}: {container['name']}: upstream {upstream} is no container")


def render(root, folder, failures):
    result = subprocess.run(["kubectl", "kustomize", os.path.join(root, folder)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        failures.append(f"kubectl kustomize {folder}: {result.stderr.strip()}")
        return []
    return [d for d in yaml.safe_load_all(result.stdout) if d]


def main():
    global PROBE_FLAGS
    root, binaries = sys.argv[1], dict(zip(SERVICES, sys.argv[2:5]))
    flags = {name: binary_flags(path) for name, path in binaries.items()}
    PROBE_FLAGS = binary_flags(sys.argv[5])
    services = proto_services(root)
    failures = []
    check_kustomization(os.path.join(root, "deploy/k8s/base"), failures)
    base_docs = load(sorted(glob.glob(os.path.join(root, "deploy/k8s/base/*.yaml"))))
    secret = load([os.path.join(root, "deploy/k8s/tls/secret-template.yaml")])[0]
    if secret.get("kind") != "Secret":
        failures.append("secret-template.yaml is not a Secret")
    check_statefulsets("base", base_docs, flags, services, secret, failures)
    check_tls_overlay(root, flags, services, base_docs, secret, failures)
    check_pod(root, flags, services, failures)
    if shutil.which("kubectl"):
        for folder in ("deploy/k8s/base", "deploy/k8s/tls"):
            docs = render(root, folder, failures)
            if docs:
                check_statefulsets(f"rendered {folder}", docs, flags, services, secret, failures)
                print(f"rendered {folder}: {len(docs)} objects")
    else:
        print("kubectl not installed: the kustomizations were not rendered")
    for failure in failures:
        print("FAIL:", failure)
    print("k8s manifests:", "1 passed, 0 failed" if not failures else "0 passed, 1 failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
