package app.reclaim.scim;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The unique-name claims (users' userName, groups' displayName) by name rather than by key. The key
 * is the name in Unicode NFC, stripped and lower-cased ({@link ScimRepository#nameKey}), so
 * canonically equivalent spellings are one name.
 *
 * <p>Claims taken before that rule are keyed by the lower-cased name as sent. For every name whose
 * lower case is already NFC (ASCII, and the NFC text Entra, Okta and Google send) that is the same
 * key, so no migration rewrites the claims table. For the rare other name the old key is still
 * honoured without one: a create or rename to the same spelling checks it, a filter of that
 * spelling finds it, the resource's next write moves its claim to the NFC key, and a delete
 * releases both.
 */
@Component
class NameClaims {

  private final ScimRepository repository;

  NameClaims(ScimRepository repository) {
    this.repository = repository;
  }

  /** The id holding {@code name}, if any (a name longer than any stored one has none). */
  Optional<String> holder(String orgId, ResourceKind kind, String name) {
    if (ScimText.length(name) > ScimLimits.uniqueNameMax(kind)) {
      return Optional.empty();
    }
    Optional<String> holder = repository.holder(orgId, kind, ScimRepository.nameKey(name));
    String legacy = ScimRepository.legacyNameKey(name);
    return holder.isPresent() || legacy == null ? holder : repository.holder(orgId, kind, legacy);
  }

  /** Claims {@code name} for {@code id}: empty when claimed (or already its), else the holder. */
  Optional<String> claim(String orgId, ResourceKind kind, String name, String id) {
    String legacy = ScimRepository.legacyNameKey(name);
    if (legacy != null) {
      Optional<String> old =
          repository
              .holder(orgId, kind, legacy)
              .filter(h -> !h.equals(id) && repository.find(orgId, kind, h).isPresent());
      if (old.isPresent()) {
        return old;
      }
    }
    return repository.claim(orgId, kind, ScimRepository.nameKey(name), id);
  }

  /**
   * The claims a write of {@code current} that will be named {@code next} needs, taken before the
   * write (409 uniqueness when another resource holds the new name); returns the keys to release
   * once the write is done.
   */
  List<String> claimFor(String orgId, ResourceKind kind, StoredResource current, String next) {
    String oldKey = current.nameKey();
    String newKey = ScimRepository.nameKey(next);
    Optional<String> oldLegacy = heldLegacyKey(orgId, kind, current);
    List<String> release = new ArrayList<>();
    if (!newKey.equals(oldKey)) {
      if (claim(orgId, kind, next, current.id()).isPresent()) {
        throw ScimError.uniqueness(
            "a "
                + kind.resourceType.toLowerCase(java.util.Locale.ROOT)
                + " with this "
                + kind.uniqueAttribute()
                + " already exists");
      }
      release.add(oldKey);
      oldLegacy.ifPresent(release::add);
    } else if (oldLegacy.isPresent()
        && repository.claim(orgId, kind, newKey, current.id()).isEmpty()) {
      // The name did not change: its pre-NFC claim moves to the NFC key. Should an equivalent
      // name claimed before the rule hold that key, the old claim stays: the write goes on.
      release.add(oldLegacy.get());
    }
    return release;
  }

  void release(String orgId, ResourceKind kind, String id, List<String> keys) {
    keys.forEach(key -> repository.release(orgId, kind, key, id));
  }

  /** Releases every claim {@code r}'s name may hold: its key and a pre-NFC key. */
  void releaseAll(String orgId, ResourceKind kind, StoredResource r) {
    r.nameKeys().forEach(key -> repository.release(orgId, kind, key, r.id()));
  }

  private Optional<String> heldLegacyKey(String orgId, ResourceKind kind, StoredResource r) {
    String legacy = ScimRepository.legacyNameKey(r.body().path(kind.uniqueAttribute()).asText());
    return legacy == null
        ? Optional.empty()
        : repository.holder(orgId, kind, legacy).filter(r.id()::equals).map(h -> legacy);
  }
}
