package app.reclaim.organizations;

import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One erasure as the erasers see it: the org, each erased account id with the token that replaces
 * it ({@code erased-} and 24 random hex digits: the same token for one account in every table, kept
 * nowhere else, so nothing maps it back), and the identifying texts (names, emails) to scrub from
 * free text.
 */
public final class PersonalDataErasure {

  /** What an identifying text (a name, an email) is replaced by in free text. */
  public static final String ERASED = "[erased]";

  /** Who an erasure records as the author of a change it makes (settings). */
  public static final String AUTHOR = "platform-erasure";

  // An account id inside free text counts only as a whole id, not inside a longer one.
  private static final String ID_CHAR = "[A-Za-z0-9:_.@-]";

  private final String orgId;
  private final Map<String, String> tokens;
  private final Set<String> texts;
  private final Pattern idPattern;
  private final Pattern textPattern;

  PersonalDataErasure(String orgId, Map<String, String> tokens, Set<String> texts) {
    this.orgId = orgId;
    this.tokens = Map.copyOf(tokens);
    this.texts = Set.copyOf(texts);
    this.idPattern =
        alternation(this.tokens.keySet(), "(?<!" + ID_CHAR + ")(", ")(?!" + ID_CHAR + ")", 0);
    this.textPattern =
        alternation(this.texts, "(", ")", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  public String orgId() {
    return orgId;
  }

  public Set<String> accountIds() {
    return tokens.keySet();
  }

  public boolean erases(String accountId) {
    return accountId != null && tokens.containsKey(accountId);
  }

  /** The token for an erased account id, or the value itself when it is not erased. */
  public String token(String accountId) {
    return accountId == null ? null : tokens.getOrDefault(accountId, accountId);
  }

  /** The values with every erased account id replaced by its token, in order. */
  public java.util.List<String> tokens(java.util.Collection<String> accountIds) {
    return accountIds.stream().map(this::token).toList();
  }

  /** Whether free text quotes an erased account id or an identifying text (ignoring case). */
  public boolean mentions(String text) {
    return text != null
        && (idPattern != null && idPattern.matcher(text).find()
            || textPattern != null && textPattern.matcher(text).find());
  }

  /**
   * Free text with every erased account id replaced by its token and every identifying text by
   * {@link #ERASED} (ignoring case); null stays null.
   */
  public String scrub(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    if (idPattern != null) {
      out =
          idPattern.matcher(out).replaceAll(m -> Matcher.quoteReplacement(tokens.get(m.group(1))));
    }
    if (textPattern != null) {
      out = textPattern.matcher(out).replaceAll(Matcher.quoteReplacement(ERASED));
    }
    return out;
  }

  /**
   * Whether a name or email is specific enough to scrub from free text: an email, or a name of at
   * least 5 characters with a space in it ("Ada Lovelace", not "Ada" or "Test", which would wipe
   * unrelated words).
   */
  static boolean identifying(String text) {
    if (text == null) {
      return false;
    }
    String t = text.strip();
    if (t.length() < 5) {
      return false;
    }
    return t.contains("@")
        || t.indexOf(' ') > 0 && !t.toLowerCase(Locale.ROOT).equals("former user");
  }

  private static Pattern alternation(Set<String> values, String before, String after, int flags) {
    if (values.isEmpty()) {
      return null;
    }
    // Longest first, so an id or name that contains another is replaced whole.
    String body =
        values.stream()
            .sorted(Comparator.comparingInt(String::length).reversed())
            .map(Pattern::quote)
            .collect(Collectors.joining("|"));
    return Pattern.compile(before + body + after, flags);
  }
}
