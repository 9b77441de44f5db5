package app.reclaim.directory;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * One page of an ordered list: the items with their opaque cursors, whether more follow, and the
 * total count of matches (computed only when asked for).
 */
public final class Page<T> {

  public record Item<T>(T node, String cursor) {}

  private final List<Item<T>> items;
  private final boolean hasNextPage;
  private final boolean hasPreviousPage;
  private final IntSupplier totalCount;

  Page(List<Item<T>> items, boolean hasNextPage, boolean hasPreviousPage, IntSupplier totalCount) {
    this.items = List.copyOf(items);
    this.hasNextPage = hasNextPage;
    this.hasPreviousPage = hasPreviousPage;
    this.totalCount = totalCount;
  }

  public List<Item<T>> items() {
    return items;
  }

  public boolean hasNextPage() {
    return hasNextPage;
  }

  public boolean hasPreviousPage() {
    return hasPreviousPage;
  }

  public int totalCount() {
    return totalCount.getAsInt();
  }

  /** Relay's page info for this page. */
  public PageInfo pageInfo() {
    return new PageInfo(
        hasNextPage,
        hasPreviousPage,
        items.isEmpty() ? null : items.get(0).cursor(),
        items.isEmpty() ? null : items.get(items.size() - 1).cursor());
  }

  public record PageInfo(
      boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}

  /** The page's items as Relay edges (node and cursor). */
  public List<Item<T>> edges() {
    return items;
  }
}
