package app.reclaim.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compact user cursors give back exactly the position they were made from, in every ordering, for
 * every account id and value; they are shorter than the text form; anything else is bad input.
 */
class CompactCursorTests {

  private static final UserOrder BY_JIRA =
      new UserOrder(UserOrder.Field.LAST_ACTIVE, false, "jira-software");

  @ParameterizedTest
  @ValueSource(
      strings = {
        "557058:0007fb40-f638-4ec3-b8c1-36533ccf747d",
        "712020:ffffffff-ffff-ffff-ffff-ffffffffffff",
        "0:00000000-0000-0000-0000-000000000000",
        "5b10ac8d82e05b22cc7d4ef5",
        "ffffffffffffffffffffffff",
        "000000000000000000000001",
        // not packed: each must come back as it was
        "557058:0007FB40-F638-4EC3-B8C1-36533CCF747D",
        "0557058:0007fb40-f638-4ec3-b8c1-36533ccf747d",
        "+557058:0007fb40-f638-4ec3-b8c1-36533ccf747d",
        "-1:0007fb40-f638-4ec3-b8c1-36533ccf747d",
        "9999999999:0007fb40-f638-4ec3-b8c1-36533ccf747d",
        "557058:7fb40-f638-4ec3-b8c1-36533ccf747d-0000",
        "5B10AC8D82E05B22CC7D4EF5",
        "5b10ac8d82e05b22cc7d4ef",
        "qm:2f1a:Zoë Ångström 東京 \uD83D\uDE80",
        "a"
      })
  void shouldGiveBackEveryAccountIdExactly(String accountId) {
    for (Object value :
        new Object[] {
          null, Instant.parse("2026-08-06T18:25:36.123Z"), Instant.parse("1969-12-31T23:59:59Z")
        }) {
      UserPosition position = roundTrip(BY_JIRA, value, accountId);

      assertThat(position.accountId()).isEqualTo(accountId);
      assertThat(position.value()).isEqualTo(value == null ? null : value.toString());
    }
  }

  @Test
  void shouldGiveBackEveryValueInEveryOrdering() {
    Random random = new Random(11);
    List<UserOrder> orders = new ArrayList<>();
    for (UserOrder.Field field : UserOrder.Field.values()) {
      for (boolean descending : new boolean[] {false, true}) {
        orders.add(new UserOrder(field, descending, null));
        orders.add(new UserOrder(field, descending, "confluence"));
      }
    }
    for (int i = 0; i < 20_000; i++) {
      UserOrder order = orders.get(random.nextInt(orders.size()));
      boolean text =
          order.field() == UserOrder.Field.NAME || order.field() == UserOrder.Field.EMAIL;
      Object value =
          switch (random.nextInt(3)) {
            case 0 -> null;
            case 1 ->
                text
                    ? randomText(random)
                    : Instant.ofEpochMilli(random.nextLong() % 100_000_000_000_000L);
            // not kept to the millisecond: carried as text
            default ->
                text
                    ? randomText(random)
                    : Instant.ofEpochSecond(random.nextInt(), 1 + random.nextInt(999_999_999));
          };
      String accountId =
          random.nextBoolean()
              ? random.nextInt(1_000_000) + ":" + new UUID(random.nextLong(), random.nextLong())
              : randomText(random) + "x";

      UserPosition position = roundTrip(order, value, accountId);

      assertThat(position.value()).isEqualTo(value == null ? null : value.toString());
      assertThat(position.accountId()).isEqualTo(accountId);
    }
  }

  @Test
  void shouldBeLessThanHalfTheTextForm() {
    String accountId = "557058:0007fb40-f638-4ec3-b8c1-36533ccf747d";
    Instant lastActive = Instant.parse("2026-08-06T18:25:36.123Z");

    String compact = CompactCursor.encode(BY_JIRA, lastActive, accountId);
    String text = new UserPosition(BY_JIRA.key(), lastActive.toString(), accountId).encode();

    assertThat(compact).matches("[A-Za-z0-9_-]+").hasSizeLessThan(text.length() / 2);
    assertThat(compact.length()).isLessThanOrEqualTo(48);
    assertThat(CompactCursor.encode(BY_JIRA, null, "5b10ac8d82e05b22cc7d4ef5"))
        .as("24 hex digits packed into 12 bytes")
        .hasSizeLessThanOrEqualTo(27);
  }

  @Test
  void shouldStillReadTextCursorsHandedOutBefore() {
    String accountId = "557058:0007fb40-f638-4ec3-b8c1-36533ccf747d";
    String old = new UserPosition(BY_JIRA.key(), "2026-08-06T18:25:36.123Z", accountId).encode();

    UserPosition position = UserPosition.decode(old, BY_JIRA);

    assertThat(position.accountId()).isEqualTo(accountId);
    assertThat(position.value()).isEqualTo("2026-08-06T18:25:36.123Z");
  }

  @Test
  void shouldRefuseACursorOfAnotherOrdering() {
    String cursor = CompactCursor.encode(BY_JIRA, null, "557058:a");
    for (UserOrder other :
        List.of(
            new UserOrder(UserOrder.Field.LAST_ACTIVE, true, "jira-software"),
            new UserOrder(UserOrder.Field.LAST_ACTIVE, false, "confluence"),
            new UserOrder(UserOrder.Field.LAST_ACTIVE, false, null),
            new UserOrder(UserOrder.Field.ADDED_TO_ORG, false, "jira-software"),
            UserOrder.DEFAULT)) {
      assertThatThrownBy(() -> UserPosition.decode(cursor, other))
          .isInstanceOf(ReclaimException.class)
          .hasMessageContaining("another ordering")
          .satisfies(
              e -> assertThat(((ReclaimException) e).code()).isEqualTo(ErrorCode.BAD_USER_INPUT));
    }
  }

  @Test
  void shouldRefuseMalformedCursors() {
    byte[] good =
        Base64.getUrlDecoder()
            .decode(
                CompactCursor.encode(
                    BY_JIRA,
                    Instant.parse("2026-08-06T18:25:36.123Z"),
                    "557058:0007fb40-f638-4ec3-b8c1-36533ccf747d"));
    List<byte[]> broken = new ArrayList<>();
    for (int length = 1; length < good.length; length++) {
      broken.add(java.util.Arrays.copyOf(good, length)); // cut short
    }
    broken.add(java.util.Arrays.copyOf(good, good.length + 1)); // trailing byte
    byte[] badValueTag = good.clone();
    badValueTag[6] = 9;
    broken.add(badValueTag);
    byte[] badIdTag = good.clone();
    badIdTag[15] = 7;
    broken.add(badIdTag);
    byte[] negativeNumber = good.clone();
    negativeNumber[16] = (byte) 0x80;
    broken.add(negativeNumber);
    for (byte[] bytes : broken) {
      String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
      assertThatThrownBy(() -> UserPosition.decode(cursor, BY_JIRA))
          .as("%d bytes", bytes.length)
          .isInstanceOf(ReclaimException.class)
          .hasMessageContaining("malformed");
    }
    assertThatThrownBy(() -> UserPosition.decode("s%%%", BY_JIRA))
        .hasMessageContaining("malformed");
  }

  private static UserPosition roundTrip(UserOrder order, Object value, String accountId) {
    String cursor = CompactCursor.encode(order, value, accountId);
    assertThat(cursor).matches("[A-Za-z0-9_-]+");
    assertThat(CompactCursor.isCompact(cursor)).isTrue();
    return UserPosition.decode(cursor, order);
  }

  private static String randomText(Random random) {
    StringBuilder text = new StringBuilder();
    int length = random.nextInt(30);
    for (int i = 0; i < length; i++) {
      text.appendCodePoint(
          random.nextInt(5) == 0 ? 0x4E00 + random.nextInt(500) : 0x20 + random.nextInt(95));
    }
    return text.toString();
  }
}
