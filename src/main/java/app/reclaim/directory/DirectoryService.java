package app.reclaim.directory;

import app.reclaim.security.Caller;
import app.reclaim.support.ErrorCode;
import app.reclaim.support.ReclaimException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Directory queries for a caller: every method takes the {@link Caller} and reads only the caller's
 * org, from that org's in-memory index. Invalid arguments are BAD_USER_INPUT before anything runs.
 */
@Service
public class DirectoryService {

  public static final int DEFAULT_PAGE_SIZE = 20;
  public static final int MAX_PAGE_SIZE = 100;
  static final int MAX_SEARCH_LENGTH = 200;
  static final int MAX_LIST_ARGUMENT = 100;
  static final int MAX_DAYS = 36_500;
  static final Pattern PRODUCT_KEY = Pattern.compile("[a-z0-9][a-z0-9.-]{0,63}");

  private final DirectoryIndex index;
  private final Clock clock;

  DirectoryService(DirectoryIndex index, Clock clock) {
    this.index = index;
    this.clock = clock;
  }

  public Page<DirectoryUser> users(
      Caller caller, UserFilter filter, UserOrder order, Integer first, String after) {
    String orgId = Caller.require(caller).orgId();
    UserFilter f = filter == null ? UserFilter.NONE : filter;
    UserOrder o = order == null ? UserOrder.DEFAULT : order;
    validate(f, o);
    int size = pageSize(first);
    UserPosition position = after == null ? null : UserPosition.decode(after, o);
    OrgIndex org = index.get(orgId);
    Instant now = clock.instant();
    OrgIndex.UserSlice slice = org.users(f, o, position, size, now);
    List<Page.Item<DirectoryUser>> items = new ArrayList<>(slice.users().size());
    slice.users().forEach(u -> items.add(new Page.Item<>(u, UserPosition.cursor(u, o))));
    return new Page<>(items, slice.hasNext(), slice.hasPrevious(), slice::total);
  }

  public Optional<DirectoryUser> user(Caller caller, String accountId) {
    return index.get(Caller.require(caller).orgId()).user(accountId);
  }

  public Map<String, List<DirectoryGroup>> groupsOf(Caller caller, Collection<String> accountIds) {
    return index.get(Caller.require(caller).orgId()).groupsOf(accountIds);
  }

  public Map<String, List<DirectoryGroup>> licensePaths(Caller caller, String accountId) {
    return index.get(Caller.require(caller).orgId()).licensePaths(accountId);
  }

  /**
   * The caller's whole directory as one consistent, immutable snapshot (every user and group), for
   * the rules evaluator and preview. Served from the in-memory index: no Cassandra read when
   * current.
   */
  public DirectorySnapshot snapshot(Caller caller) {
    String orgId = Caller.require(caller).orgId();
    return index.get(orgId).snapshot(orgId);
  }

  public Page<DirectoryGroup> groups(
      Caller caller, String search, Set<GroupSource> sources, Integer first, String after) {
    String orgId = Caller.require(caller).orgId();
    if (search != null && search.length() > MAX_SEARCH_LENGTH) {
      throw bad("search must be at most " + MAX_SEARCH_LENGTH + " characters");
    }
    int size = pageSize(first);
    GroupPosition position = after == null ? null : GroupPosition.decode(after);
    OrgIndex.GroupSlice slice = index.get(orgId).groups(search, sources, position, size);
    List<Page.Item<DirectoryGroup>> items = new ArrayList<>();
    slice.groups().forEach(g -> items.add(new Page.Item<>(g, GroupPosition.of(g).encode())));
    return new Page<>(items, slice.hasNext(), slice.hasPrevious(), slice::total);
  }

  public Optional<DirectoryGroup> group(Caller caller, String groupId) {
    return index.get(Caller.require(caller).orgId()).group(groupId);
  }

  public Map<String, Integer> memberCounts(Caller caller, Collection<String> groupIds) {
    return index.get(Caller.require(caller).orgId()).memberCounts(groupIds);
  }

  public DirectoryCounts counts(Caller caller) {
    OrgIndex org = index.get(Caller.require(caller).orgId());
    Map<UserStatus, Integer> byStatus = org.countByStatus();
    int users = byStatus.values().stream().mapToInt(Integer::intValue).sum();
    return new DirectoryCounts(
        users,
        byStatus.get(UserStatus.ACTIVE),
        byStatus.get(UserStatus.SUSPENDED),
        byStatus.get(UserStatus.DEACTIVATED),
        byStatus.get(UserStatus.NOT_INVITED),
        org.groupCount());
  }

  /**
   * The org's directory in figures now, with the given activity bands (see {@link
   * DirectoryFigures}), from its in-memory index: no Cassandra read when the index is current. Not
   * scoped to a caller: the reports module scopes its callers and its daily snapshot job has none.
   */
  public DirectoryFigures figures(
      String orgId, int activeWithinDays, int lowUseWithinDays, Collection<String> alsoProducts) {
    if (activeWithinDays < 1 || lowUseWithinDays < activeWithinDays) {
      throw new IllegalArgumentException(
          "activity bands need 1 <= activeWithinDays <= lowUseWithinDays");
    }
    return index
        .get(orgId)
        .figures(clock.instant(), activeWithinDays, lowUseWithinDays, Set.copyOf(alsoProducts));
  }

  static int pageSize(Integer first) {
    if (first == null) {
      return DEFAULT_PAGE_SIZE;
    }
    if (first < 0 || first > MAX_PAGE_SIZE) {
      throw bad("first must be between 0 and " + MAX_PAGE_SIZE + " (was " + first + ")");
    }
    return first;
  }

  private static void validate(UserFilter f, UserOrder o) {
    if (f.search() != null && f.search().length() > MAX_SEARCH_LENGTH) {
      throw bad("search must be at most " + MAX_SEARCH_LENGTH + " characters");
    }
    product("hasAccessTo", f.hasAccessTo());
    product("inactive.product", f.inactiveProduct());
    product("orderBy.product", o.product());
    if (f.inactiveDays() != null && (f.inactiveDays() < 1 || f.inactiveDays() > MAX_DAYS)) {
      throw bad("inactive.days must be between 1 and " + MAX_DAYS);
    }
    if (f.inactiveProduct() != null && f.inactiveDays() == null) {
      throw bad("inactive.product needs inactive.days");
    }
    if (f.emailDomains() != null && f.emailDomains().size() > MAX_LIST_ARGUMENT) {
      throw bad("emailDomains takes at most " + MAX_LIST_ARGUMENT + " domains");
    }
    if (o.product() != null && o.field() != UserOrder.Field.LAST_ACTIVE) {
      throw bad("orderBy.product applies to LAST_ACTIVE only");
    }
  }

  private static void product(String field, String key) {
    if (key != null && !PRODUCT_KEY.matcher(key).matches()) {
      throw bad(field + ": '" + key + "' is not a product key (e.g. jira-software, confluence)");
    }
  }

  private static ReclaimException bad(String message) {
    return new ReclaimException(ErrorCode.BAD_USER_INPUT, message);
  }
}
