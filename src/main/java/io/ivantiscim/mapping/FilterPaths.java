package io.ivantiscim.mapping;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.AndFilter;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.ContainsFilter;
import com.unboundid.scim2.common.filters.EndsWithFilter;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterVisitor;
import com.unboundid.scim2.common.filters.GreaterThanFilter;
import com.unboundid.scim2.common.filters.GreaterThanOrEqualFilter;
import com.unboundid.scim2.common.filters.LessThanFilter;
import com.unboundid.scim2.common.filters.LessThanOrEqualFilter;
import com.unboundid.scim2.common.filters.NotEqualFilter;
import com.unboundid.scim2.common.filters.NotFilter;
import com.unboundid.scim2.common.filters.OrFilter;
import com.unboundid.scim2.common.filters.PresentFilter;
import com.unboundid.scim2.common.filters.StartsWithFilter;

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
        if (filter != null) {
            try {
                filter.visit(new Collector(), out);
            } catch (ScimException e) {
                throw new IllegalStateException("The path collector throws nothing", e);
            }
        }
        return out;
    }

    /** True when a path of {@code filter} reads {@code attribute} of the core schema {@code coreUrn}. */
    public static boolean reads(Filter filter, String coreUrn, String attribute) {
        String name = attribute.toLowerCase(Locale.ROOT);
        Set<String> paths = topLevel(filter);
        return paths.contains(name) || paths.contains(coreUrn.toLowerCase(Locale.ROOT) + ":" + name);
    }

    private static final class Collector implements FilterVisitor<Void, Set<String>> {

        private static Void add(Path path, Set<String> out) {
            if (path != null && !path.isRoot()) {
                String urn = path.getSchemaUrn();
                String attr = path.getElement(0).getAttribute().toLowerCase(Locale.ROOT);
                out.add(urn == null ? attr : urn.toLowerCase(Locale.ROOT) + ":" + attr);
            }
            return null;
        }

        @Override
        public Void visit(EqualFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(NotEqualFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(ContainsFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(StartsWithFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(EndsWithFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(PresentFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(GreaterThanFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(GreaterThanOrEqualFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(LessThanFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(LessThanOrEqualFilter f, Set<String> out) {
            return add(f.getAttributePath(), out);
        }

        @Override
        public Void visit(AndFilter f, Set<String> out) throws ScimException {
            for (Filter c : f.getCombinedFilters()) {
                c.visit(this, out);
            }
            return null;
        }

        @Override
        public Void visit(OrFilter f, Set<String> out) throws ScimException {
            for (Filter c : f.getCombinedFilters()) {
                c.visit(this, out);
            }
            return null;
        }

        @Override
        public Void visit(NotFilter f, Set<String> out) throws ScimException {
            return f.getInvertedFilter().visit(this, out);
        }

        @Override
        public Void visit(ComplexValueFilter f, Set<String> out) {
            // The sub-filter's paths are relative to the complex attribute, which is what is read.
            return add(f.getAttributePath(), out);
        }
    }
}
