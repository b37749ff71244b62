package org.webphone.web.it;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build packaged, as tests of the whole application deploy it, and its demo users. */
public final class PackagedWar {
  private PackagedWar() {}

  /**
   * The libraries the packaged WAR carries (WEB-INF/lib) whose file names pass {@code wanted}, for
   * component deployments that must run on exactly the jars the product ships.
   */
  public static List<File> libraries(Predicate<String> wanted) {
    File lib =
        new File(
            new File(System.getProperty("webphone.war")).getParentFile(), "webphone/WEB-INF/lib");
    File[] jars = lib.listFiles((dir, name) -> name.endsWith(".jar") && wanted.test(name));
    if (jars == null) {
      throw new IllegalStateException("package the WAR first: no " + lib);
    }
    return List.of(jars);
  }

  static WebArchive archive() {
    return archive("webphone.war");
  }

  /** The packaged WAR under another name, for a test that adds its own classes to it. */
  public static WebArchive archive(String name) {
    return ShrinkWrap.create(ZipImporter.class, name)
        .importFrom(new File(System.getProperty("webphone.war")))
        .as(WebArchive.class);
  }

  /**
   * A component deployment of the domain module (EJBs, JPA, Flyway migrations) with the libraries
   * and configuration defaults the real WAR ships, and no SIP; Arquillian adds the test class.
   */
  public static WebArchive domainDeployment(String name) {
    WebArchive war =
        ShrinkWrap.create(WebArchive.class, name)
            .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml")
            .addAsResource(
                new File("src/main/resources/META-INF/microprofile-config.properties"),
                "META-INF/microprofile-config.properties");
    List<String> wanted =
        List.of("webphone-ejb", "flyway-", "jackson-", "h2-", "postgresql-", "libphonenumber");
    libraries(n -> wanted.stream().anyMatch(n::startsWith)).forEach(war::addAsLibrary);
    return war;
  }

  /** Where the first start wrote the demo users' passwords (arquillian.xml's data folder). */
  static Path demoUsersFile() {
    return Path.of(System.getProperty("webphone.it.dir"), "data", "demo-users.properties");
  }

  static String demoPassword(String user) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(demoUsersFile())) {
      p.load(r);
    }
    return p.getProperty(user);
  }
}
