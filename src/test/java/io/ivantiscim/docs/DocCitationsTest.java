package io.ivantiscim.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every citation of the project's reference documents resolves inside the repository: {@code docs/X.md} names a file
 * in {@code docs/}, and each locator after it ({@code §8}, {@code §8.11}, {@code §3 items 6, 8–10}, {@code row 15},
 * {@code rows 11–13}, {@code pitfall 3}, {@code #anchor}) is an anchor of that file ({@code s8}, {@code s8-11},
 * {@code s3-6}, {@code row-15}, {@code pitfall-3}). A bare {@code row N} or {@code pitfall N} (the documents' own
 * numbering, used without repeating the file name) must exist too, in a file that names the document once. The old
 * forms without {@code docs/} ("ivanti-api §9", "build-notes pitfall 4") are refused.
 */
class DocCitationsTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final List<String> SCANNED = List.of("src/main", "src/test", "README.md", "deploy", "bench/src",
            "bench/README.md", "scim-schemas", "docs");
    private static final Set<String> TEXT = Set.of("java", "md", "properties", "json", "yaml", "yml", "txt", "tpl");

    /** A citation: {@code docs/name.md}, optionally with a fragment; not part of a longer path. */
    private static final Pattern REF = Pattern.compile("(?<![\\w/.-])docs/([a-z0-9-]+)\\.md(?:#([\\w.-]+))?");
    private static final String LIST = "\\d+(?:[–-]\\d+)?(?:,\\s*\\d+(?:[–-]\\d+)?)*";
    /** One locator right after a citation (or after the previous locator). */
    private static final Pattern LOCATOR = Pattern
            .compile("[\\s,`}]*(?:and\\s+)?(?:§(\\d+)(?:\\.(\\d+)(?:[–-](\\d+))?)?"
                    + "(?:\\s+items?\\s+(" + LIST + "))?|rows?\\s+(" + LIST + ")|pitfalls?\\s+(" + LIST + "))");
    private static final Pattern OLD_FORM = Pattern
            .compile("(?<![\\w/.-])(ivanti-api|idp-contracts|build-notes)(?:\\.md)?(?![\\w-])");
    private static final Pattern BARE_ROW = Pattern.compile("(?<![\\w-])[Rr]ows?\\s+(" + LIST + ")");
    private static final Pattern BARE_PITFALL = Pattern.compile("(?<![\\w-])pitfalls?\\s+(" + LIST + ")");
    private static final Pattern ANCHOR = Pattern.compile("<a id=\"([^\"]+)\"></a>");

    @Test
    void everyCitationResolvesInsideTheRepository() {
        Map<String, Set<String>> anchors = anchors();
        List<String> problems = new ArrayList<>();
        int citations = 0;
        for (Path file : scannedFiles()) {
            String name = ROOT.relativize(file).toString();
            if (file.getFileName().toString().equals("DocCitationsTest.java")) {
                continue; // its Javadoc and examples show the forms it refuses
            }
            String text = joined(file);
            Matcher ref = REF.matcher(text);
            while (ref.find()) {
                citations++;
                String doc = ref.group(1);
                Set<String> ids = anchors.get(doc);
                if (ids == null) {
                    problems.add(name + ": docs/" + doc + ".md does not exist");
                    continue;
                }
                if (ref.group(2) != null) {
                    require(problems, name, doc, ids, ref.group(2));
                }
                Matcher loc = LOCATOR.matcher(text).region(ref.end(), text.length());
                while (loc.lookingAt()) {
                    for (String id : ids(loc)) {
                        require(problems, name, doc, ids, id);
                    }
                    loc.region(loc.end(), text.length());
                }
            }
            if (!name.startsWith("docs/")) {
                Matcher old = OLD_FORM.matcher(text);
                while (old.find()) {
                    problems.add(name + ": '" + old.group() + "' is not a docs/<file>.md citation");
                }
            }
            bare(problems, name, text, BARE_ROW, "ivanti-api", "row-", anchors);
            bare(problems, name, text, BARE_PITFALL, "build-notes", "pitfall-", anchors);
        }
        assertTrue(citations > 50,
                "the scan found only " + citations + " citations: is it looking in the right place?");
        assertEquals(List.of(), problems, "Citations that do not resolve in docs/");
    }

    @Test
    void theLocatorGrammarReadsEveryFormTheCodeUses() {
        Map<String, List<String>> cases = Map.of(
                "docs/ivanti-api.md §8.11). x", List.of("s8-11"),
                "docs/ivanti-api.md rows 11–13, §2.2): y", List.of("row-11", "row-12", "row-13", "s2-2"),
                "docs/idp-contracts.md §3 items 6, 8–10; z", List.of("s3", "s3-6", "s3-8", "s3-9", "s3-10"),
                "docs/ivanti-api.md §3, §8.11–12).", List.of("s3", "s8-11", "s8-12"),
                "docs/build-notes.md pitfall 4): assert", List.of("pitfall-4"),
                "`docs/ivanti-api.md` §0 (one", List.of("s0"),
                "docs/ivanti-api.md §3 and §4.", List.of("s3", "s4"));
        cases.forEach((text, expected) -> {
            Matcher ref = REF.matcher(text);
            assertTrue(ref.find(), text);
            List<String> ids = new ArrayList<>();
            Matcher loc = LOCATOR.matcher(text).region(ref.end(), text.length());
            while (loc.lookingAt()) {
                ids.addAll(ids(loc));
                loc.region(loc.end(), text.length());
            }
            assertEquals(expected, ids, text);
        });
    }

    private static void bare(List<String> problems, String name, String text, Pattern pattern, String doc,
            String prefix, Map<String, Set<String>> anchors) {
        if (name.startsWith("docs/")) {
            return;
        }
        Matcher m = pattern.matcher(text);
        boolean any = false;
        while (m.find()) {
            any = true;
            for (int n : numbers(m.group(1))) {
                require(problems, name, doc, anchors.get(doc), prefix + n);
            }
        }
        if (any && !text.contains("docs/" + doc + ".md")) {
            problems.add(name + ": cites " + prefix + "N without naming docs/" + doc + ".md anywhere");
        }
    }

    private static List<String> ids(Matcher loc) {
        List<String> ids = new ArrayList<>();
        if (loc.group(1) != null) {
            String section = loc.group(1);
            if (loc.group(2) == null) {
                ids.add("s" + section);
            } else {
                int from = Integer.parseInt(loc.group(2));
                int to = loc.group(3) == null ? from : Integer.parseInt(loc.group(3));
                for (int i = from; i <= to; i++) {
                    ids.add("s" + section + "-" + i);
                }
            }
            if (loc.group(4) != null) {
                numbers(loc.group(4)).forEach(i -> ids.add("s" + section + "-" + i));
            }
        } else if (loc.group(5) != null) {
            numbers(loc.group(5)).forEach(i -> ids.add("row-" + i));
        } else {
            numbers(loc.group(6)).forEach(i -> ids.add("pitfall-" + i));
        }
        return ids;
    }

    private static List<Integer> numbers(String list) {
        List<Integer> numbers = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] range = part.trim().split("[–-]");
            int from = Integer.parseInt(range[0]);
            int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
            for (int i = from; i <= to; i++) {
                numbers.add(i);
            }
        }
        return numbers;
    }

    private static void require(List<String> problems, String file, String doc, Set<String> ids, String id) {
        if (!ids.contains(id)) {
            problems.add(file + ": docs/" + doc + ".md has no anchor '" + id + "'");
        }
    }

    private static Map<String, Set<String>> anchors() {
        Map<String, Set<String>> anchors = new HashMap<>();
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).forEach(p -> {
                Set<String> ids = new HashSet<>();
                Matcher m = ANCHOR.matcher(read(p));
                while (m.find()) {
                    ids.add(m.group(1));
                }
                String file = p.getFileName().toString();
                anchors.put(file.substring(0, file.length() - 3), ids);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    private static List<Path> scannedFiles() {
        List<Path> files = new ArrayList<>();
        for (String root : SCANNED) {
            Path path = ROOT.resolve(root);
            if (Files.isRegularFile(path)) {
                files.add(path);
            } else if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile).filter(p -> TEXT.contains(extension(p))).forEach(files::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return files;
    }

    /** The file with comment continuations joined, so that a citation wrapped over two lines reads as one. */
    private static String joined(Path file) {
        return read(file).replaceAll("\\R[ \\t]*(?:\\*(?!/)|//|#)?[ \\t]*", " ");
    }

    private static String extension(Path p) {
        String name = p.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
