#!/usr/bin/env python3
"""Security checks of the rendered k8s/base (run by scripts/check-manifests.sh).

Usage: check-base-security.py <rendered base.yaml> <engine/src/main>

- gRPC 9000 requires client certificates: the Deployment sets QUARKUS_GRPC_SERVER_SSL_CERTIFICATE,
  _KEY, _CLIENT_AUTH=REQUIRED, _TRUST_STORE (+ password) and mounts the files at those paths;
- NetworkPolicies admit 9000 and 8080 only from explicit selectors (no empty "from", no port left
  open to everyone);
- the Role grants only get/update/create on configmaps: every rule names its objects
  (resourceNames), except one "create" on configmaps (RBAC cannot limit create by name), and the
  named ConfigMap is the engine's default odpe.scaler.intents.config-map;
- leader election (adapter/lease): get/update/patch on the one Lease the engine uses (named), create
  on leases (unnamed, like configmaps), and get/list/patch on pods for the leader label (pod names
  change with every rollout, so they cannot be named); nothing else may list or patch;
- high availability: at least 2 replicas, RollingUpdate, a PodDisruptionBudget for the engine, POD_NAME
  from the downward API, terminationGracePeriodSeconds set, and a Service selecting the leader label.
- on the remediation ledger (odpe.dev) exactly what it calls: remediations create/get/list/watch/delete,
  remediations/status get/update/patch, in a Role (its own namespace), and the CRD is in the base.
"""
import glob, os, re, sys, yaml

render, engine_src = sys.argv[1:3]
docs = [d for d in yaml.safe_load_all(open(render)) if d]
problems = []
by_kind = lambda k: [d for d in docs if d["kind"] == k]

# TLS on the gRPC port.
deploy = next(d for d in by_kind("Deployment") if d["metadata"]["name"] == "odpe-engine")
pod = deploy["spec"]["template"]["spec"]
engine = next(c for c in pod["containers"] if c["name"] == "engine")
env = {e["name"]: e for e in engine.get("env", [])}
mounts = [m["mountPath"] for m in engine.get("volumeMounts", [])]
for name in ("QUARKUS_GRPC_SERVER_SSL_CERTIFICATE", "QUARKUS_GRPC_SERVER_SSL_KEY", "QUARKUS_GRPC_SERVER_SSL_TRUST_STORE"):
    value = env.get(name, {}).get("value")
    if not value:
        problems.append("Deployment: %s not set (gRPC 9000 must require client certificates)" % name)
    elif not any(value.startswith(m.rstrip("/") + "/") for m in mounts):
        problems.append("Deployment: %s=%s is not under a mounted volume" % (name, value))
if env.get("QUARKUS_GRPC_SERVER_SSL_CLIENT_AUTH", {}).get("value") != "REQUIRED":
    problems.append("Deployment: QUARKUS_GRPC_SERVER_SSL_CLIENT_AUTH must be REQUIRED")
if "secretKeyRef" not in env.get("QUARKUS_GRPC_SERVER_SSL_TRUST_STORE_PASSWORD", {}).get("valueFrom", {}):
    problems.append("Deployment: QUARKUS_GRPC_SERVER_SSL_TRUST_STORE_PASSWORD must come from a Secret")

# NetworkPolicies: each engine port admitted only from explicit peers.
admitted = {}
for np in by_kind("NetworkPolicy"):
    spec = np["spec"]
    if spec.get("podSelector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") != "odpe-engine":
        continue
    for rule in spec.get("ingress", []):
        peers = rule.get("from")
        ports = [p.get("port") for p in rule.get("ports", [])]
        if not peers or any(not p for p in peers):
            problems.append("NetworkPolicy %s: an ingress rule without peers admits everyone" % np["metadata"]["name"])
        if not ports:
            problems.append("NetworkPolicy %s: an ingress rule without ports admits every port" % np["metadata"]["name"])
        for port in ports:
            admitted.setdefault(port, []).append(np["metadata"]["name"])
for port in (9000, 8080):
    if port not in admitted:
        problems.append("no NetworkPolicy admits port %d to odpe-engine (or none selects it)" % port)
if set(admitted) - {9000, 8080}:
    problems.append("NetworkPolicies admit unexpected ports %s" % sorted(set(admitted) - {9000, 8080}))

# High availability: replicas, rollout, disruption budget, identity and the ingest Service.
lease_name = None
for path in glob.glob(os.path.join(engine_src, "**", "LeaseCandidate.java"), recursive=True):
    m = re.search(r'String LEASE = "([^"]+)"', open(path).read())
    lease_name = m.group(1) if m else lease_name
leader_label = None
for path in glob.glob(os.path.join(engine_src, "**", "LeaderPodLabel.java"), recursive=True):
    m = re.search(r'String KEY = "([^"]+)"', open(path).read())
    leader_label = m.group(1) if m else leader_label
if not lease_name or not leader_label:
    problems.append("could not read the Lease name / leader label from LeaseCandidate.java / LeaderPodLabel.java")
if deploy["spec"].get("replicas", 1) < 2:
    problems.append("Deployment: fewer than 2 replicas (the engine runs leader election)")
if deploy["spec"].get("strategy", {}).get("type", "RollingUpdate") != "RollingUpdate":
    problems.append("Deployment: strategy must be RollingUpdate (a follower takes over while the leader rolls)")
if not pod.get("terminationGracePeriodSeconds"):
    problems.append("Deployment: terminationGracePeriodSeconds not set (shutdown drains, then releases the lease)")
if env.get("POD_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != "metadata.name":
    problems.append("Deployment: POD_NAME must come from the downward API (metadata.name): it is the lease identity")
if not any(p["spec"].get("selector", {}).get("matchLabels", {}).get("app.kubernetes.io/name") == "odpe-engine"
           for p in by_kind("PodDisruptionBudget")):
    problems.append("no PodDisruptionBudget selects the engine's pods")
if leader_label and not any(s["spec"].get("selector", {}).get(leader_label) == "true" for s in by_kind("Service")):
    problems.append("no Service selects %s=true (webhooks and drift events must reach the leader)" % leader_label)

# RBAC: only what SharedPoolIntents, the leader election and the leader label call.
default_cm = None
for path in glob.glob(os.path.join(engine_src, "**", "ScalerConfig.java"), recursive=True):
    m = re.search(r'@WithDefault\("([^"]+)"\)\s*String configMap\(\)', open(path).read())
    default_cm = m.group(1) if m else default_cm
if not default_cm:
    problems.append("could not read the default of odpe.scaler.intents.config-map from ScalerConfig.java")
# The remediation ledger (adapter/ledger): the one place the engine lists, watches, deletes and patches.
LEDGER = {"remediations": {"create", "get", "list", "watch", "delete"}, "remediations/status": {"get", "update", "patch"}}
if not any(d["metadata"]["name"] == "remediations.odpe.dev" for d in by_kind("CustomResourceDefinition")):
    problems.append("the CRD remediations.odpe.dev is not in the base")
ledger_granted = set()
for role in by_kind("Role") + by_kind("ClusterRole"):
    for rule in role.get("rules", []):
        where = "%s %s" % (role["kind"], role["metadata"]["name"])
        verbs, resources = set(rule.get("verbs", [])), set(rule.get("resources", []))
        if "*" in verbs or "*" in resources or "*" in rule.get("apiGroups", []):
            problems.append("%s: wildcard in %s" % (where, rule))
        if role["kind"] == "Role" and resources == {"pods"}:
            if verbs - {"get", "list", "patch"}:
                problems.append("%s: pods %s beyond get/list/patch (the leader label)" % (where, sorted(verbs)))
            continue
        if role["kind"] == "Role" and resources == {"leases"}:
            if "resourceNames" in rule:
                if lease_name and rule["resourceNames"] != [lease_name]:
                    problems.append("%s: leases resourceNames %s, the engine uses %s" % (where, rule["resourceNames"], lease_name))
                if verbs - {"get", "update", "patch"}:
                    problems.append("%s: named Lease verbs %s beyond get/update/patch" % (where, sorted(verbs)))
            elif verbs != {"create"}:
                problems.append("%s: leases %s without resourceNames (only create may go without)" % (where, sorted(verbs)))
            continue
        if rule.get("apiGroups") == ["odpe.dev"]:
            if role["kind"] != "Role":
                problems.append("%s: the ledger's permissions belong in the namespaced Role" % where)
            for resource in resources:
                if resource not in LEDGER:
                    problems.append("%s: odpe.dev %s is no ledger resource" % (where, resource))
                elif verbs - LEDGER[resource]:
                    problems.append("%s: %s verbs %s beyond %s" % (where, resource, sorted(verbs - LEDGER[resource]), sorted(LEDGER[resource])))
                else:
                    ledger_granted.add(resource)
            continue
        if verbs & {"list", "watch", "delete", "deletecollection", "patch", "escalate", "bind", "impersonate"}:
            problems.append("%s: the engine never calls %s" % (where, sorted(verbs & {"list", "watch", "delete", "deletecollection", "patch", "escalate", "bind", "impersonate"})))
        if role["kind"] != "Role" or "configmaps" not in resources:
            continue
        if "resourceNames" in rule:
            if default_cm and rule["resourceNames"] != [default_cm]:
                problems.append("%s: configmaps resourceNames %s, the engine uses %s" % (where, rule["resourceNames"], default_cm))
            if verbs - {"get", "update"}:
                problems.append("%s: named ConfigMap verbs %s beyond get/update" % (where, sorted(verbs)))
        elif verbs != {"create"}:
            problems.append("%s: configmaps %s without resourceNames (only create may go without)" % (where, sorted(verbs)))
if ledger_granted != set(LEDGER):
    problems.append("the Role misses ledger permissions on %s" % sorted(set(LEDGER) - ledger_granted))
for problem in problems:
    print("FAILED   base: " + problem, file=sys.stderr)
if problems:
    sys.exit(1)
print("ok       base: gRPC mTLS settings, NetworkPolicies for 9000/8080, RBAC limited to %s, Lease %s and the "
      "leader label, the remediation ledger; %d replicas, RollingUpdate, PodDisruptionBudget, ingest Service on %s=true"
      % (default_cm, lease_name, deploy["spec"]["replicas"], leader_label))
