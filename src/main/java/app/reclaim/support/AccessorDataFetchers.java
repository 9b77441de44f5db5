package app.reclaim.support;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.LightDataFetcher;
import graphql.schema.PropertyDataFetcher;
import graphql.schema.idl.FieldWiringEnvironment;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.WiringFactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.graphql.execution.RuntimeWiringConfigurer;
import org.springframework.stereotype.Component;

/**
 * The default data fetcher of every field no controller maps: each field gets its own fetcher that
 * finds the accessor ({@code getX()}, {@code isX()} or {@code x()}, as graphql-java would) of the
 * first class it sees once, checks it answers as graphql-java's own fetcher does for that first
 * source, and then calls it directly. graphql-java's default fetcher is one shared instance that
 * looks the accessor up per call in a global map keyed by class loader, class name and property; on
 * a 50-user page (300 fields) those lookups were a tenth of the server's time (bench/run.sh, JFR).
 * Other sources (maps, a second class on the same field, no accessor) go to graphql-java's {@link
 * PropertyDataFetcher}, so what a field answers is unchanged.
 */
@Component
class AccessorDataFetchers implements RuntimeWiringConfigurer {

  @Override
  public void configure(RuntimeWiring.Builder builder) {}

  @Override
  public void configure(RuntimeWiring.Builder builder, List<WiringFactory> container) {
    container.add(
        new WiringFactory() {
          @Override
          public DataFetcher<?> getDefaultDataFetcher(FieldWiringEnvironment environment) {
            return new Accessor(environment.getFieldDefinition().getName());
          }
        });
  }

  /** One field's fetcher: the accessor of the first source class seen, else graphql-java's. */
  static final class Accessor implements LightDataFetcher<Object> {

    private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

    private final String property;
    private final PropertyDataFetcher<Object> fallback;
    private volatile Resolved resolved;

    Accessor(String property) {
      this.property = property;
      this.fallback = PropertyDataFetcher.fetching(property);
    }

    String property() {
      return property;
    }

    /** The class resolved for and its accessor (null: none, the fallback answers for it). */
    private record Resolved(Class<?> type, MethodHandle getter) {}

    @Override
    public Object get(
        GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> environment)
        throws Exception {
      if (source == null) {
        return null;
      }
      Resolved known = resolved;
      if (known == null) {
        known = resolve(field, source, environment);
        resolved = known;
      }
      if (known.type() != source.getClass() || known.getter() == null) {
        return fallback.get(field, source, environment);
      }
      try {
        return (Object) known.getter().invokeExact(source);
      } catch (Exception | Error e) {
        throw e;
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    /**
     * The accessor for the source's class, checked once against graphql-java's own answer for this
     * source: if they differ (another method wins there), the field keeps using graphql-java's.
     */
    private Resolved resolve(
        GraphQLFieldDefinition field, Object source, Supplier<DataFetchingEnvironment> environment)
        throws Exception {
      MethodHandle getter = getter(source.getClass(), property);
      if (getter != null) {
        Object expected = fallback.get(field, source, environment);
        Object mine;
        try {
          mine = (Object) getter.invokeExact(source);
        } catch (Throwable t) {
          mine = t;
        }
        if (!java.util.Objects.equals(expected, mine)) {
          getter = null;
        }
      }
      return new Resolved(source.getClass(), getter);
    }

    @Override
    public Object get(DataFetchingEnvironment environment) throws Exception {
      return get(environment.getFieldDefinition(), environment.getSource(), () -> environment);
    }

    /** A handle (Object) -> Object on the accessor of {@code property}, or null when none. */
    static MethodHandle getter(Class<?> type, String property) {
      if (java.util.Map.class.isAssignableFrom(type)) {
        return null;
      }
      Method method = accessor(type, property);
      if (method == null) {
        return null;
      }
      try {
        method.setAccessible(true);
        return MethodHandles.lookup().unreflect(method).asType(GETTER);
      } catch (IllegalAccessException | RuntimeException e) {
        return null; // not reachable from here: graphql-java's own lookup decides
      }
    }

    /**
     * The public no-argument method graphql-java calls: {@code x()} (record components among them),
     * else {@code getX()}, else {@code isX()} returning boolean.
     */
    private static Method accessor(Class<?> type, String property) {
      Method recordLike = method(type, property);
      if (recordLike != null) {
        return recordLike;
      }
      String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
      Method getter = method(type, "get" + suffix);
      if (getter != null) {
        return getter;
      }
      Method is = method(type, "is" + suffix);
      if (is != null
          && (is.getReturnType() == boolean.class || is.getReturnType() == Boolean.class)) {
        return is;
      }
      return method(type, property);
    }

    private static Method method(Class<?> type, String name) {
      try {
        Method method = type.getMethod(name);
        boolean usable =
            !Modifier.isStatic(method.getModifiers())
                && method.getReturnType() != void.class
                && method.getDeclaringClass() != Object.class;
        return usable ? method : null;
      } catch (NoSuchMethodException e) {
        return null;
      }
    }
  }
}
