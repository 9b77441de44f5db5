package app.reclaim;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Every log line written during a test, with one logger (and those below it) turned to a level for
 * the test's length: {@code @RegisterExtension final CapturedLogs logs = new
 * CapturedLogs("app.reclaim.atlassian", Level.DEBUG);}, then {@link #lines()}.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {

  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger logger;
  private final Level level;
  private Level before;

  public CapturedLogs(String loggerName, Level level) {
    this.logger = (Logger) LoggerFactory.getLogger(loggerName);
    this.level = level;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    before = logger.getLevel();
    logger.setLevel(level);
    captured.list.clear();
    captured.start();
    root.addAppender(captured);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    root.detachAppender(captured);
    logger.setLevel(before);
  }

  /** Each event as "logger message", followed by its stack trace when it has one. */
  public List<String> lines() {
    return List.copyOf(captured.list).stream().map(CapturedLogs::render).toList();
  }

  static String render(ILoggingEvent event) {
    String line = event.getLoggerName() + " " + event.getFormattedMessage();
    return event.getThrowableProxy() == null
        ? line
        : line + "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
  }
}
