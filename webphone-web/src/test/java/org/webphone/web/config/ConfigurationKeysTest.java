package org.webphone.web.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every setting has one home: each {@code webphone.*} key the code of any module reads (with
 * {@code @ConfigProperty}, {@code Config.getValue}/{@code getOptionalValue}, or Payara's {@code
 * ${MPCONFIG=...}}) is declared once, with its default, in {@code microprofile-config.properties}
 * and explained in {@code docs/configuration.md}; neither holds a key nobody reads; and no
 * annotation carries a default of its own that could differ from the file's.
 */
class ConfigurationKeysTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Path PROPERTIES =
      ROOT.resolve("webphone-web/src/main/resources/META-INF/microprofile-config.properties");
  private static final Pattern READ =
      Pattern.compile(
          "(?:@ConfigProperty\\(\\s*name\\s*=\\s*|get(?:Optional)?Value\\(\\s*|MPCONFIG=)"
              + "(\"?)(webphone\\.[a-z0-9.-]+|[A-Z_]+)");
  private static final Pattern CONSTANT =
      Pattern.compile("String ([A-Z_]+)\\s*=\\s*\"(webphone\\.[a-z0-9.-]+)\"");
  private static final Pattern ANNOTATION_DEFAULT =
      Pattern.compile("@ConfigProperty\\([^)]*defaultValue");

  /** A table row's first cell, which names one key or a few. */
  private static final Pattern FIRST_CELL = Pattern.compile("^\\| ([^|]*)\\|", Pattern.MULTILINE);

  private static final Pattern KEY = Pattern.compile("`(webphone\\.[a-z0-9.-]+)`");

  /** Key read, and where. */
  private static final Map<String, Set<String>> read = new TreeMap<>();

  private static final List<String> annotationDefaults = new ArrayList<>();

  @BeforeAll
  static void readTheSources() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.walk(ROOT)) {
      sources =
          files
              .filter(p -> p.toString().contains("/src/main/java/"))
              .filter(p -> p.toString().endsWith(".java"))
              .filter(p -> !p.toString().contains("/target/"))
              .toList();
    }
    for (Path source : sources) {
      String text = Files.readString(source);
      Map<String, String> constants = new HashMap<>();
      Matcher c = CONSTANT.matcher(text);
      while (c.find()) {
        constants.put(c.group(1), c.group(2));
      }
      Matcher m = READ.matcher(text);
      while (m.find()) {
        String key = m.group(2).startsWith("webphone.") ? m.group(2) : constants.get(m.group(2));
        if (key != null) {
          read.computeIfAbsent(key, k -> new TreeSet<>()).add(source.getFileName().toString());
        }
      }
      if (ANNOTATION_DEFAULT.matcher(text).find()) {
        annotationDefaults.add(ROOT.relativize(source).toString());
      }
    }
  }

  @Test
  void everyKeyReadIsDeclaredWithItsDefaultAndNothingElseIs() throws IOException {
    Set<String> declared = declared();
    assertEquals(
        Map.of(),
        without(read, declared),
        "read but not declared in " + ROOT.relativize(PROPERTIES) + " (where)");
    assertEquals(Set.of(), minus(declared, read.keySet()), "declared but read nowhere");
  }

  @Test
  void everyKeyReadIsExplainedInTheConfigurationGuide() throws IOException {
    Set<String> documented = new TreeSet<>();
    Matcher row = FIRST_CELL.matcher(Files.readString(ROOT.resolve("docs/configuration.md")));
    while (row.find()) {
      Matcher key = KEY.matcher(row.group(1));
      while (key.find()) {
        documented.add(key.group(1));
      }
    }
    assertEquals(Map.of(), without(read, documented), "read but not in docs/configuration.md");
    assertEquals(
        Set.of(), minus(documented, read.keySet()), "in docs/configuration.md but read nowhere");
  }

  @Test
  void eachKeyIsDeclaredOnce() throws IOException {
    Map<String, Integer> lines = new TreeMap<>();
    for (String line : Files.readAllLines(PROPERTIES)) {
      String l = line.strip();
      if (!l.isEmpty() && !l.startsWith("#") && l.contains("=")) {
        lines.merge(l.substring(0, l.indexOf('=')).strip(), 1, Integer::sum);
      }
    }
    lines.values().removeIf(n -> n == 1);
    assertEquals(Map.of(), lines, "declared more than once");
  }

  @Test
  void noAnnotationCarriesADefaultOfItsOwn() {
    assertEquals(List.of(), annotationDefaults, "@ConfigProperty with a defaultValue");
  }

  private static Set<String> declared() throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(PROPERTIES)) {
      p.load(r);
    }
    Set<String> keys = new TreeSet<>(p.stringPropertyNames());
    keys.removeIf(k -> !k.startsWith("webphone."));
    return keys;
  }

  private static Map<String, Set<String>> without(Map<String, Set<String>> keys, Set<String> in) {
    Map<String, Set<String>> missing = new TreeMap<>(keys);
    missing.keySet().removeAll(in);
    return missing;
  }

  private static Set<String> minus(Set<String> a, Set<String> b) {
    Set<String> left = new TreeSet<>(a);
    left.removeAll(b);
    return left;
  }
}
