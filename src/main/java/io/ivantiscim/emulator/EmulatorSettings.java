package io.ivantiscim.emulator;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.ivantiscim.config.EmulatorConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The emulator's switches as a mutable copy of {@link EmulatorConfig}: filled from configuration at start-up and on
 * reset, patched at run time by {@code POST /emulator/_emulator/settings} (JSON with these field names) so tests can
 * flip a switch without restarting Quarkus. Readers see a consistent object because it is replaced, never mutated
 * in place once published. Which Ivanti behaviour each switch changes ({@code docs/ivanti-api.md} §0, §9): the quirk
 * index in {@code package-info.java}.
 */
@RegisterForReflection
public final class EmulatorSettings implements Cloneable {

    public String basePath = "";
    public String tenant;
    public String username;
    public String password;
    public String role;
    public String apiKey;
    public String loginMode;
    public long jwtLifetimeSeconds;
    public long sessionIdleTimeoutSeconds;
    public int maxSessionsPerUser;
    public int sessionMaxCalls;
    public boolean logoutEnabled;
    public String tenantOffset = "";
    public boolean unsetDatesAsNull;
    public int topDefault;
    public int topMax;
    public int maxQueryString;
    public String topOverMaxMessages;
    public String unknownCollection;
    public boolean countUnasked;
    public boolean filterParentheses;
    public String filterPrecedence;
    public String invalidKeyMessage;
    public int unlinkStatus;
    public boolean linkFailuresAs200;
    public int deleteStatus;
    public boolean deleteMissingSucceeds;
    public boolean uniqueLoginId;
    public List<String> requiredFields = new ArrayList<>();
    public String unresolvedPicklist;
    public List<String> searchFields = new ArrayList<>();
    public String relEmployeeTeam;
    public String relTeamEmployee;
    public String relEmployeeRole;
    public String relRoleEmployee;
    public boolean relIgnorePaging;
    public int relExtraTeamLinks;
    public List<String> statusValues = new ArrayList<>();
    public String oauth2ClientId;
    public String oauth2ClientSecret;
    public long oauth2TokenLifetimeSeconds;
    public String oauth2Scope = "";

    static EmulatorSettings from(EmulatorConfig c) {
        EmulatorSettings s = new EmulatorSettings();
        s.basePath = normaliseBasePath(c.basePath().orElse(""));
        s.tenant = c.tenant();
        s.username = c.username();
        s.password = c.password();
        s.role = c.role();
        s.apiKey = c.apiKey();
        s.loginMode = c.loginMode();
        s.jwtLifetimeSeconds = c.jwtLifetime().toSeconds();
        s.sessionIdleTimeoutSeconds = c.sessionIdleTimeout().toSeconds();
        s.maxSessionsPerUser = c.maxSessionsPerUser();
        s.sessionMaxCalls = c.sessionMaxCalls();
        s.logoutEnabled = c.logoutEnabled();
        s.tenantOffset = c.tenantOffset().orElse("");
        s.unsetDatesAsNull = c.unsetDatesAsNull();
        s.topDefault = c.topDefault();
        s.topMax = c.topMax();
        s.maxQueryString = c.maxQueryString();
        s.topOverMaxMessages = c.topOverMaxMessages();
        s.unknownCollection = c.unknownCollection();
        s.countUnasked = c.countUnasked();
        s.filterParentheses = c.filterParentheses();
        s.filterPrecedence = c.filterPrecedence();
        s.invalidKeyMessage = c.invalidKeyMessage();
        s.unlinkStatus = c.unlinkStatus();
        s.linkFailuresAs200 = c.linkFailuresAs200();
        s.deleteStatus = c.deleteStatus();
        s.deleteMissingSucceeds = c.deleteMissingSucceeds();
        s.uniqueLoginId = c.uniqueLoginId();
        s.requiredFields = new ArrayList<>(c.requiredFields());
        s.unresolvedPicklist = c.unresolvedPicklist();
        s.searchFields = new ArrayList<>(c.searchFields().orElse(List.of()));
        s.relEmployeeTeam = c.relationships().employeeTeam();
        s.relTeamEmployee = c.relationships().teamEmployee();
        s.relEmployeeRole = c.relationships().employeeRole();
        s.relRoleEmployee = c.relationships().roleEmployee();
        s.relIgnorePaging = c.relationships().ignorePaging();
        s.relExtraTeamLinks = c.relationships().extraTeamLinks();
        s.statusValues = new ArrayList<>(c.statusValues());
        s.oauth2ClientId = c.oauth2().clientId();
        s.oauth2ClientSecret = c.oauth2().clientSecret();
        s.oauth2TokenLifetimeSeconds = c.oauth2().tokenLifetime().toSeconds();
        s.oauth2Scope = c.oauth2().scope().orElse("");
        s.validate();
        return s;
    }

    /** Checks values that would otherwise fail later in a confusing place. */
    void validate() {
        basePath = normaliseBasePath(basePath);
        offset();
        if (!"session".equals(loginMode) && !"jwt".equals(loginMode)) {
            throw new IllegalArgumentException("loginMode must be session or jwt");
        }
        if (!"standard".equals(filterPrecedence) && !"left-to-right".equals(filterPrecedence)) {
            throw new IllegalArgumentException("filterPrecedence must be standard or left-to-right");
        }
        if (!List.of("blank", "keep", "reject").contains(unresolvedPicklist)) {
            throw new IllegalArgumentException("unresolvedPicklist must be blank, keep or reject");
        }
        if (sessionMaxCalls < 0) {
            throw new IllegalArgumentException("sessionMaxCalls must be 0 (no limit) or positive");
        }
        if (topMax < 1 || topDefault < 1) {
            throw new IllegalArgumentException("topMax and topDefault must be positive");
        }
        if (relExtraTeamLinks < 0 || statusValues == null || statusValues.isEmpty()) {
            throw new IllegalArgumentException("relExtraTeamLinks must be 0 or more and statusValues not empty");
        }
    }

    ZoneOffset offset() {
        return tenantOffset == null || tenantOffset.isBlank() ? ZoneOffset.UTC : ZoneOffset.of(tenantOffset.trim());
    }

    boolean jwtMode() {
        return "jwt".equals(loginMode);
    }

    boolean leftToRight() {
        return "left-to-right".equals(filterPrecedence);
    }

    private static String normaliseBasePath(String p) {
        if (p == null || p.isBlank() || "/".equals(p.trim())) {
            return "";
        }
        String t = p.trim();
        if (!t.startsWith("/")) {
            t = "/" + t;
        }
        return t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
    }

    @Override
    public EmulatorSettings clone() {
        try {
            EmulatorSettings s = (EmulatorSettings) super.clone();
            s.requiredFields = new ArrayList<>(requiredFields);
            s.statusValues = new ArrayList<>(statusValues);
            s.searchFields = new ArrayList<>(searchFields);
            return s;
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }
}
