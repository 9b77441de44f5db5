package app.reclaim.directory;

import app.reclaim.support.Cursors;
import java.util.List;

/** A position in the name-ordered group list: the last group's name and id. */
record GroupPosition(String name, String id) {

  private static final String KIND = "g";

  static GroupPosition of(DirectoryGroup group) {
    return new GroupPosition(group.name(), group.id());
  }

  String encode() {
    return Cursors.encode(KIND, name, id);
  }

  static GroupPosition decode(String cursor) {
    List<String> parts = Cursors.decode(cursor, KIND, 2);
    return new GroupPosition(parts.get(0), parts.get(1));
  }

  DirectoryGroup probe() {
    return new DirectoryGroup(id, name, null, GroupSource.LOCAL, null, null);
  }
}
