package io.ivantiscim.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;

import io.ivantiscim.config.BridgeConfig;
import io.smallrye.config.WithName;

/**
 * Renders the Helm chart with its default values (and with the optional parts switched on) and checks the manifests
 * against the application itself: the ports it listens on, the health paths it serves, and the configuration
 * properties its environment variables name. There is no helm binary on the build machines, so the chart keeps to
 * plain value references, {@code quote}, and {@code if}/{@code if not}/{@code else}/{@code end} lines, which this
 * test renders; anything else in a template fails the test so the chart cannot drift beyond what is checked.
 */
class HelmChartTest {

    private static final Path CHART = Path.of("deploy/helm/ivanti-scim-bridge");
    private static final Path APPLICATION = Path.of("src/main/resources/application.properties");
    /** The paths SmallRye Health serves under its default root, {@code /q/health}. */
    private static final Set<String> HEALTH_PATHS = Set.of("/q/health/started", "/q/health/ready", "/q/health/live");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern EXPR = Pattern.compile("\\{\\{-?\\s*(.+?)\\s*-?}}");
    private static final Pattern CONTROL = Pattern
            .compile("^\\s*\\{\\{-?\\s*(if not|if|else|end)\\b\\s*([^}]*?)\\s*-?}}\\s*$");

    @Test
    void defaultValuesRenderAManifestSetThatMatchesTheApplication() throws IOException {
        Map<String, List<JsonNode>> docs = render(values());
        JsonNode deployment = only(docs, "Deployment");
        JsonNode pod = deployment.path("spec").path("template");
        JsonNode container = pod.path("spec").path("containers").get(0);

        // What the packaged application does in production: application.properties read for the prod profile.
        int httpPort = prod("quarkus.http.port").map(Integer::valueOf).orElse(8080);
        assertEquals(httpPort, namedPort(container, "http"), "container port = quarkus.http.port");
        boolean management = prod("quarkus.management.enabled").map(Boolean::valueOf).orElse(false);
        boolean healthOnManagement = management
                && prod("quarkus.smallrye-health.management.enabled").map(Boolean::valueOf).orElse(true);
        String probePort = healthOnManagement ? "management" : "http";
        if (management) {
            assertEquals(prod("quarkus.management.port").map(Integer::valueOf).orElse(9000),
                    namedPort(container, "management"), "management port = quarkus.management.port");
        }
        assertEquals(Optional.empty(), prod("quarkus.smallrye-health.root-path"), "health under /q/health");
        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertEquals(probePort, get.path("port").asText(), probe + " port");
            String path = get.path("path").asText();
            assertTrue(HEALTH_PATHS.contains(path), probe + " path " + path + " is not one SmallRye Health serves");
            // Kubernetes' default timeout is 1 s; an explicit one, no longer than the period, so probes never pile up.
            int timeout = container.path(probe).path("timeoutSeconds").asInt();
            assertTrue(timeout >= 2 && timeout <= container.path(probe).path("periodSeconds").asInt(),
                    probe + " timeoutSeconds " + timeout);
        }
        // Out of rotation within half a minute of the tenant failing, never restarted because of it.
        JsonNode readiness = container.path("readinessProbe");
        assertTrue(readiness.path("periodSeconds").asInt() * readiness.path("failureThreshold").asInt() <= 30);
        assertEquals("/q/health/live", container.path("livenessProbe").path("httpGet").path("path").asText());

        Set<String> properties = bridgeProperties();
        ObjectNode configMap = (ObjectNode) only(docs, "ConfigMap").path("data");
        JsonNode secret = only(docs, "Secret").path("stringData");
        for (JsonNode env : container.path("env")) {
            String name = env.path("name").asText();
            if (name.startsWith("BRIDGE_")) {
                assertTrue(properties.stream().anyMatch(p -> envName(p).equals(name)
                        || wildcardMatches(p, name)), name + " names no bridge.* property");
            }
            JsonNode configRef = env.path("valueFrom").path("configMapKeyRef");
            if (!configRef.isMissingNode()) {
                assertTrue(configMap.has(configRef.path("key").asText()), name + " refers to a missing ConfigMap key");
            }
            JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
            if (!secretRef.isMissingNode()) {
                assertTrue(secret.has(secretRef.path("key").asText()), name + " refers to a missing Secret key");
                assertEquals(only(docs, "Secret").path("metadata").path("name").asText(),
                        secretRef.path("name").asText());
            }
        }

        JsonNode labels = pod.path("metadata").path("labels");
        assertEquals(labels, deployment.path("spec").path("selector").path("matchLabels"));
        assertEquals(labels, only(docs, "Service").path("spec").path("selector"));
        assertEquals("http", only(docs, "Service").path("spec").path("ports").get(0).path("targetPort").asText());
        assertEquals(labels, only(docs, "PodDisruptionBudget").path("spec").path("selector").path("matchLabels"));
        JsonNode hpa = only(docs, "HorizontalPodAutoscaler").path("spec");
        assertEquals(deployment.path("metadata").path("name"), hpa.path("scaleTargetRef").path("name"));
        assertTrue(hpa.path("minReplicas").asInt() >= 2, "at least two replicas");
        assertTrue(deployment.path("spec").path("replicas").asInt() >= 2, "at least two replicas");
        // Several replicas share SCIM tokens and the audit trail: the store must be PostgreSQL, not the embedded H2.
        assertTrue(configMap.path("BRIDGE_STORE_URL").asText().startsWith("jdbc:postgresql:"),
                "replicas >= 2 require PostgreSQL");
        assertTrue(pod.path("spec").path("securityContext").path("runAsNonRoot").asBoolean(), "non-root");
        assertFalse(container.path("resources").path("requests").path("memory").asText().isEmpty());
    }

    @Test
    void optionalPartsRenderWhenSwitchedOn() throws IOException {
        ObjectNode values = values();
        values.put("existingSecret", "my-bridge-secret");
        ((ObjectNode) values.path("mapping")).put("enabled", true);
        ((ObjectNode) values.path("autoscaling")).put("enabled", false);
        Map<String, List<JsonNode>> docs = render(values);
        assertFalse(docs.containsKey("Secret"), "no chart-made Secret when an existing one is named");
        assertFalse(docs.containsKey("HorizontalPodAutoscaler"));
        JsonNode container = only(docs, "Deployment").path("spec").path("template").path("spec").path("containers")
                .get(0);
        assertTrue(container.path("env").findValuesAsText("name").contains("BRIDGE_MAPPING_USER_FILE"));
        assertTrue(container.path("env").toString().contains("my-bridge-secret"));
        assertTrue(container.path("volumeMounts").toString().contains("/config/mapping"));
    }

    /** A property as the prod profile sees it: {@code %prod.key}, else {@code key}. */
    private static Optional<String> prod(String key) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(APPLICATION)) {
            properties.load(reader);
        }
        return Optional.ofNullable(properties.getProperty("%prod." + key, properties.getProperty(key)));
    }

    private static ObjectNode values() throws IOException {
        return (ObjectNode) YAML.readTree(CHART.resolve("values.yaml").toFile());
    }

    private static Map<String, List<JsonNode>> render(ObjectNode values) throws IOException {
        JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
        Map<String, List<JsonNode>> docs = new java.util.TreeMap<>();
        try (Stream<Path> templates = Files.list(CHART.resolve("templates"))) {
            for (Path template : templates.sorted().toList()) {
                String text = render(Files.readString(template), values, chart, template.getFileName().toString());
                try (YAMLParser parser = new YAMLFactory().createParser(text)) {
                    for (JsonNode doc : YAML.readValues(parser, JsonNode.class).readAll()) {
                        if (doc != null && !doc.isEmpty()) {
                            docs.computeIfAbsent(doc.path("kind").asText(), k -> new ArrayList<>()).add(doc);
                        }
                    }
                }
            }
        }
        return docs;
    }

    private static String render(String template, JsonNode values, JsonNode chart, String file) {
        StringBuilder out = new StringBuilder();
        Deque<boolean[]> conditions = new ArrayDeque<>();
        for (String line : template.split("\n", -1)) {
            Matcher control = CONTROL.matcher(line);
            if (control.matches()) {
                switch (control.group(1)) {
                    case "if" -> conditions.push(new boolean[]{truthy(value(control.group(2), values, chart, file))});
                    case "if not" -> conditions.push(new boolean[]{
                            !truthy(value(control.group(2), values, chart, file))});
                    case "else" -> conditions.peek()[0] = !conditions.peek()[0];
                    default -> conditions.pop();
                }
                continue;
            }
            if (conditions.stream().allMatch(c -> c[0])) {
                Matcher m = EXPR.matcher(line);
                StringBuilder rendered = new StringBuilder();
                while (m.find()) {
                    m.appendReplacement(rendered,
                            Matcher.quoteReplacement(expression(m.group(1), values, chart, file)));
                }
                m.appendTail(rendered);
                out.append(rendered).append('\n');
            }
        }
        assertTrue(conditions.isEmpty(), file + ": unbalanced if/end");
        return out.toString();
    }

    private static String expression(String expr, JsonNode values, JsonNode chart, String file) {
        String[] parts = expr.split("\\|");
        String text = value(parts[0].trim(), values, chart, file);
        for (int i = 1; i < parts.length; i++) {
            assertEquals("quote", parts[i].trim(), file + ": unsupported pipeline in " + expr);
            text = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return text;
    }

    private static String value(String ref, JsonNode values, JsonNode chart, String file) {
        if (ref.equals(".Release.Name")) {
            return "test";
        }
        JsonNode node;
        if (ref.startsWith(".Values.")) {
            node = values;
            for (String key : ref.substring(".Values.".length()).split("\\.")) {
                node = node.path(key);
            }
        } else if (ref.startsWith(".Chart.")) {
            String key = ref.substring(".Chart.".length());
            node = chart.path(Character.toLowerCase(key.charAt(0)) + key.substring(1));
        } else {
            throw new AssertionError(file + ": the test renderer does not support '" + ref + "'");
        }
        assertFalse(node.isMissingNode(), file + ": " + ref + " is not defined");
        return node.asText();
    }

    private static boolean truthy(String value) {
        return !value.isEmpty() && !value.equals("false") && !value.equals("0");
    }

    private static JsonNode only(Map<String, List<JsonNode>> docs, String kind) {
        List<JsonNode> found = docs.get(kind);
        assertNotNull(found, "no " + kind + " rendered");
        assertEquals(1, found.size(), "one " + kind);
        return found.get(0);
    }

    private static int namedPort(JsonNode container, String name) {
        for (JsonNode port : container.path("ports")) {
            if (port.path("name").asText().equals(name)) {
                return port.path("containerPort").asInt();
            }
        }
        throw new AssertionError("no container port named " + name);
    }

    /** Every property of the {@code bridge.*} mapping, by walking its interfaces ({@code *} for map keys). */
    static Set<String> bridgeProperties() {
        Set<String> names = new HashSet<>();
        walk(BridgeConfig.class, "bridge", names);
        return names;
    }

    private static void walk(Class<?> type, String prefix, Set<String> names) {
        for (Method method : type.getMethods()) {
            if (method.getParameterCount() > 0 || method.isDefault() || method.getDeclaringClass() == Object.class) {
                continue;
            }
            WithName withName = method.getAnnotation(WithName.class);
            String name = prefix + "." + (withName != null ? withName.value() : kebab(method.getName()));
            Type returned = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (raw == Map.class && returned instanceof ParameterizedType p
                    && p.getActualTypeArguments()[1] instanceof Class<?> group && group.isInterface()) {
                walk(group, name + ".*", names);
            } else if (raw.isInterface() && raw.getName().startsWith("io.ivantiscim") && raw != Optional.class) {
                walk(raw, name, names);
            } else {
                names.add(name);
            }
        }
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String envName(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    private static boolean wildcardMatches(String property, String env) {
        return property.contains("*")
                && env.matches(Pattern.quote(envName(property.substring(0, property.indexOf('*')))) + "[A-Z0-9_]+");
    }
}
