#!/usr/bin/env python3
"""Kafka checks of rendered manifests (run by scripts/check-manifests.sh).

Usage: check-kafka-manifests.py <directory of rendered kustomizations> <engine/src/main>

The engine does not create its Kafka topics and reads them by name (odpe.kafka.topics.*, group
odpe.kafka.group-id): a KafkaTopic or an ACL naming another topic leaves the engine without its
input, dead letters or decisions in a cluster. Checks every render against the engine defaults, the
decisions topic against the restore read, the engine's KafkaUser against what the engine does, and
the engine's Kafka settings against the topics and users rendered with them.
"""
import glob, os, re, sys, yaml

renders, engine_src = sys.argv[1:3]
# The engine's defaults (docs/configuration.md, odpe.kafka); looked up in its sources below.
TOPICS = {"drift-events": "odpe.drift-events", "dead-letters": "odpe.drift-events.dlq", "decisions": "odpe.decisions",
          "inputs": "odpe.inputs"}
GROUP = "odpe-engine"
DAY_MS = 24 * 3600 * 1000  # the engine restores idempotency / cooldowns from about a day of decisions
ENGINE_ACLS = {("topic", TOPICS["drift-events"], op) for op in ("Read", "Describe")} \
    | {("group", GROUP, "Read")} \
    | {("topic", TOPICS["dead-letters"], op) for op in ("Write", "Describe")} \
    | {("topic", TOPICS["decisions"], op) for op in ("Write", "Read", "Describe")} \
    | {("topic", TOPICS["inputs"], op) for op in ("Write", "Describe")}

problems, notices = [], []
# The engine's own defaults: "odpe.kafka.<key>=..." in properties files, or @WithDefault on the
# methods of a @ConfigMapping (method driftEvents -> key drift-events, unless @WithName says).
expected = dict({"topics." + k: v for k, v in TOPICS.items()}, **{"group-id": GROUP})
found, kafka_in_engine = {}, False
method = re.compile(r'((?:@\w+(?:\((?:[^()"]|"[^"]*")*\))?\s*)+)(?:public\s+)?[\w<>.?, ]+?\s+(\w+)\(\)\s*;')
for path in glob.glob(os.path.join(engine_src, "**", "*"), recursive=True):
    if not os.path.isfile(path):
        continue
    text = open(path, errors="replace").read()
    if path.endswith(".properties"):
        for key, value in re.findall(r'^odpe\.kafka\.([\w.-]+)[ \t]*=[ \t]*(\S+)', text, re.M):
            found[key] = value
            kafka_in_engine = True
    elif path.endswith(".java") and '"odpe.kafka' in text:
        kafka_in_engine = True
        for annotations, name in method.findall(text):
            default = re.search(r'@WithDefault\("([^"]*)"\)', annotations)
            named = re.search(r'@WithName\("([^"]*)"\)', annotations)
            key = named.group(1) if named else re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), name)
            if default:
                found.setdefault(key if key == "group-id" or key.startswith("topics.") else "topics." + key, default.group(1))
if kafka_in_engine:
    for key, value in sorted(expected.items()):
        if key not in found:
            notices.append("no default for odpe.kafka.%s found in engine/src/main: checked against %s" % (key, value))
        elif found[key] != value:
            problems.append("engine/src/main: odpe.kafka.%s defaults to %s, k8s/examples/kafka and this check use %s"
                            % (key, found[key], value))
else:
    notices.append("engine/src/main has no odpe.kafka settings yet: Kafka manifests checked against the documented defaults only")

def granted(user, kind, name, op):
    for acl in user.get("spec", {}).get("authorization", {}).get("acls", []):
        res = acl.get("resource", {})
        pattern, rname = res.get("patternType", "literal"), res.get("name", "")
        matches = rname in ("*", name) if pattern == "literal" else name.startswith(rname)
        if res.get("type") == kind and matches and op in acl.get("operations", []) \
                and acl.get("type", "allow") == "allow":
            return True
    return False

topics_checked = users_checked = engines_checked = 0
for render in sorted(glob.glob(os.path.join(renders, "*.yaml"))):
    where = os.path.basename(render)[:-len(".yaml")].replace(":", "/")
    docs = [d for d in yaml.safe_load_all(open(render)) if d]
    topics = [d for d in docs if d["kind"] == "KafkaTopic"]
    users = [d for d in docs if d["kind"] == "KafkaUser"]
    strimzi = topics + users
    clusters = {d["metadata"].get("labels", {}).get("strimzi.io/cluster") for d in strimzi}
    namespaces = {d["metadata"].get("namespace") for d in strimzi}
    if strimzi and (len(clusters) != 1 or None in clusters or len(namespaces) != 1):
        problems.append("%s: KafkaTopics / KafkaUsers must share one strimzi.io/cluster label and namespace, found %s in %s"
                        % (where, sorted(map(str, clusters)), sorted(map(str, namespaces))))
    consistent = strimzi and len(clusters) == 1 and len(namespaces) == 1
    cluster, kafka_ns = (next(iter(clusters)), next(iter(namespaces))) if consistent else (None, None)

    by_name = {}
    for t in topics:
        topics_checked += 1
        spec = t.get("spec", {})
        name = spec.get("topicName") or t["metadata"]["name"]
        by_name[name] = t
        isr, replicas = spec.get("config", {}).get("min.insync.replicas"), spec.get("replicas")
        if isr is not None and replicas is not None and int(isr) > int(replicas):
            problems.append("%s: topic %s: min.insync.replicas %s > replicas %s refuses every write" % (where, name, isr, replicas))
    if topics and set(by_name) != set(TOPICS.values()):
        problems.append("%s: KafkaTopics %s, the engine uses %s" % (where, sorted(by_name), sorted(TOPICS.values())))
    if TOPICS["decisions"] in by_name:
        decisions = by_name[TOPICS["decisions"]].get("spec", {}).get("config", {})
        if str(decisions.get("cleanup.policy")) != "delete":
            problems.append("%s: topic %s needs cleanup.policy delete (compaction loses the history the engine restores from)" % (where, TOPICS["decisions"]))
        retention = int(decisions.get("retention.ms", 0))  # -1: kept forever
        if 0 <= retention < DAY_MS:
            problems.append("%s: topic %s needs retention.ms >= %d (1 day) for the restore read, has %s" % (where, TOPICS["decisions"], DAY_MS, decisions.get("retention.ms")))

    for u in users:
        users_checked += 1
        for acl in u.get("spec", {}).get("authorization", {}).get("acls", []):
            res = acl.get("resource", {})
            if res.get("type") == "topic" and res.get("patternType", "literal") == "literal" \
                    and res.get("name", "").startswith("odpe.") and res["name"] not in TOPICS.values():
                problems.append("%s: KafkaUser %s: ACL on unknown topic %s" % (where, u["metadata"]["name"], res["name"]))
    engine_users = [u for u in users if granted(u, "group", GROUP, "Read")]
    if users and not engine_users:
        problems.append("%s: no KafkaUser may read group %s (the engine's consumer group)" % (where, GROUP))
    for u in engine_users:
        problems += ["%s: KafkaUser %s lacks %s on %s %s" % (where, u["metadata"]["name"], op, kind, name)
                     for kind, name, op in sorted(ENGINE_ACLS) if not granted(u, kind, name, op)]

    for d in (d for d in docs if d["kind"] == "Deployment" and d["metadata"]["name"] == "odpe-engine"):
        pod = d["spec"]["template"]["spec"]
        for c in pod["containers"]:
            env = {e["name"]: e for e in c.get("env", [])}
            if env.get("ODPE_KAFKA_ENABLED", {}).get("value") != "true":
                continue
            engines_checked += 1
            at = "%s: Deployment odpe-engine" % where
            if pod.get("enableServiceLinks", True):
                problems.append(at + ": Kafka on needs enableServiceLinks: false (Quarkus hands every KAFKA* variable to the clients)")
            servers = env.get("KAFKA_BOOTSTRAP_SERVERS", {}).get("value", "")
            if not servers:
                problems.append(at + ": ODPE_KAFKA_ENABLED without KAFKA_BOOTSTRAP_SERVERS")
            if cluster:
                hosts = ("%s-kafka-bootstrap.%s.svc" % (cluster, kafka_ns), "%s-kafka-bootstrap.%s.svc.cluster.local" % (cluster, kafka_ns))
                problems += ["%s: bootstrap %s is not the bootstrap Service of cluster %s (%s)" % (at, server, cluster, hosts[0])
                             for server in servers.split(",") if server and server.rsplit(":", 1)[0] not in hosts]
            protocol = env.get("KAFKA_SECURITY_PROTOCOL", {}).get("value", "PLAINTEXT")
            if protocol.startswith("SASL_"):
                mechanism = env.get("KAFKA_SASL_MECHANISM", {}).get("value")
                ref = env.get("KAFKA_SASL_JAAS_CONFIG", {}).get("valueFrom", {}).get("secretKeyRef")
                if not mechanism or not ref:
                    problems.append(at + ": %s needs KAFKA_SASL_MECHANISM and KAFKA_SASL_JAAS_CONFIG from a Secret" % protocol)
                elif users:
                    user = next((u for u in users if u["metadata"]["name"] == ref["name"]), None)
                    if user is None or ref.get("key") != "sasl.jaas.config" \
                            or user["spec"].get("authentication", {}).get("type", "").upper() != mechanism.upper():
                        problems.append("%s: KAFKA_SASL_JAAS_CONFIG must be key sasl.jaas.config of the Secret of a KafkaUser with authentication %s (has %s/%s)"
                                        % (at, mechanism.lower(), ref.get("name"), ref.get("key")))
                    elif user not in engine_users:
                        problems.append("%s: the engine authenticates as %s, which may not read group %s" % (at, ref["name"], GROUP))
            if protocol.endswith("SSL"):
                location = env.get("KAFKA_SSL_TRUSTSTORE_LOCATION", {}).get("value")
                mount = next((m for m in c.get("volumeMounts", [])
                              if location and location.startswith(m["mountPath"].rstrip("/") + "/")), None)
                if location and mount is None:
                    problems.append("%s: KAFKA_SSL_TRUSTSTORE_LOCATION %s is on no volume mount" % (at, location))
                if env.get("KAFKA_SSL_TRUSTSTORE_TYPE", {}).get("value") == "PEM" and "KAFKA_SSL_TRUSTSTORE_PASSWORD" in env:
                    problems.append(at + ": a PEM trust store takes no password (the client refuses one)")
                volume = next((v for v in pod.get("volumes", []) if mount and v["name"] == mount["name"]), {})
                secret = volume.get("secret", {}).get("secretName")
                if cluster and secret and secret != "%s-cluster-ca-cert" % cluster:
                    problems.append("%s: trust store from Secret %s, the CA of cluster %s is in %s-cluster-ca-cert" % (at, secret, cluster, cluster))

for notice in notices:
    print("NOTICE   " + notice, file=sys.stderr)
for problem in problems:
    print("FAILED   " + problem, file=sys.stderr)
if problems:
    sys.exit(1)
print("ok       %d KafkaTopic(s), %d KafkaUser(s), %d engine(s) with Kafka on: engine topics, group and ACLs"
      % (topics_checked, users_checked, engines_checked))
