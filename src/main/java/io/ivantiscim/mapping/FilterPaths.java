package io.ivantiscim.mapping;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;

/**
 * The top-level attributes a filter reads, so a service can tell from the filter's attribute paths (not its text)
 * whether it needs data that costs extra calls, such as a group's members.
 */
public final class FilterPaths {

    private FilterPaths() {
    }

    /**
     * The lower-cased top-level attribute names of every attribute path in {@code filter}, prefixed with the
     * lower-cased schema URN and a colon when the path is schema-qualified; inside {@code attr[…]} the names are those
     * of {@code attr}. Empty for a null filter.
     */
    public static Set<String> topLevel(Filter filter) {
        Set<String> out = new TreeSet<>();
        collect(filter, out);
        return out;
    }

    /** True when a path of {@code filter} reads {@code attribute} of the core schema {@code coreUrn}. */
    public static boolean reads(Filter filter, String coreUrn, String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        Set<String> paths = topLevel(filter);
        return paths.contains(name) || paths.contains(coreUrn.toLowerCase(Locale.ROOT) + ":" + name);
    }

    // Every filter type answers these accessors, so one walk serves them all: and/or hold children, not holds one,
    // and every other type (comparison, pr, attr[…]) names the attribute it reads; inside attr[…] the sub-filter's
    // paths are relative to attr, which is what is read.
    private static void collect(Filter filter, Set<String> out) {
        if (filter == null) {
            return;
        }
        if (filter.isCombiningFilter()) {
            for (Filter c : filter.getCombinedFilters()) {
                collect(c, out);
            }
        } else if (filter.isNotFilter()) {
            collect(filter.getInvertedFilter(), out);
        } else {
            Path path = filter.getAttributePath();
            if (path != null && !path.isRoot()) {
                String urn = path.getSchemaUrn();
                String attr = path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
                out.add(urn == null ? attr : urn.toLowerCase(Locale.ROOT) + ":" + attr);
            }
        }
    }
}
