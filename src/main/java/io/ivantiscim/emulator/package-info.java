/**
 * The built-in Ivanti Neurons for ITSM emulator: the tenant the bridge talks to in {@code make run}, {@code make
 * emulator} and the tests, reachable only over HTTP under {@code /emulator} (nothing outside this package imports it).
 * <p>
 * In this package, "row N" is a row of the table in {@code docs/ivanti-api.md} §0 and "§N" a section of the same
 * document. Classes by job: {@link io.ivantiscim.emulator.IvantiEmulator} routes, counts and injects faults;
 * {@code Authentication} logs in and checks credentials; {@code ODataReads} and {@code ODataWrites} answer the OData
 * calls; {@code KeywordSearch} is {@code $search}; {@code ODataFilter} parses and evaluates {@code $filter};
 * {@code EmulatorState}, {@code BoStore}, {@code BoType} and {@code Links} hold the data and its write rules;
 * {@code Metadata} writes EDMX; {@code Replies} and {@code IsmError} write Ivanti's answer shapes; {@code Faults}
 * injects latency and errors; {@code EmulatorHooks} serves {@code /emulator/_emulator/…} for tests and operations;
 * {@code DemoData} seeds the demo tenant.
 *
 * <h2>Quirk index</h2>
 * Each behaviour of {@code docs/ivanti-api.md} §0 → the method that implements it → the switch that changes it.
 * Switches are {@code bridge.emulator.*} properties ({@code EmulatorConfig}); the same names in camelCase are the
 * fields of {@code POST /emulator/_emulator/settings}, and {@code faults.*} those of
 * {@code POST /emulator/_emulator/faults}.
 *
 * <pre>
 * row  behaviour                          implemented in                                  switch
 *  1   login answers a bare JSON string   Authentication#login, Sessions#login            login-mode, tenant, username,
 *                                                                                        password, role
 *  2   login failure 400 ISM_4000         Authentication#login                            -
 *  3   raw session key, SID cookie        Authentication#check, Sessions#use              session-idle-timeout,
 *                                                                                        max-sessions-per-user
 *  4   rest_api_key=                      Authentication#check                            api-key
 *  5   JWT from the login, Bearer         Sessions#login, Authentication#check            login-mode=jwt, jwt-lifetime
 *  6   401 ISM_4001                       Authentication#check, IsmError#unauthorized     -
 * §1.3 session ended early: after N calls Sessions#use                                   session-max-calls
 *      or between login and first call Sessions#login, #expireAll          hook expire-sessions?ended-logins=N
 *  7   paths, case, singular 404, /HEAT   IvantiEmulator#classify, #odata, BoType#bySet   base-path, unknown-collection
 *  8   list envelope, @odata.count        ODataReads#list                                 count-unasked
 *  9   no match: empty 200 body           ODataReads#list                                 -
 * 10   $top default/max, $skip            ODataReads#paging                               top-default, top-max,
 *                                                                                        top-over-max-messages
 * 11   eq ne lt le gt ge and or, parens   ODataFilter#parse                               filter-parentheses
 * 12   functions ignored, substringof 400 ODataFilter.Parser#function                     -
 * 13   eq case-insensitive, '$NULL'       ODataFilter (Cmp, Parser#literal)               filter-precedence,
 *                                                                                        tenant-offset
 * 14   $orderby: bad 204, empty 500       ODataReads#list, BoStore#query                  -
 * 15   $select; on a single GET: context  ODataReads#select, ODataReads#get               -
 * 16   $search word-prefix                KeywordSearch#parse                             search-fields
 * 17   $expand ignored                    ODataReads#list (never reads it)                -
 * 18   get by key; unknown key 400        ODataReads#get                                  invalid-key-message
 * 19   create 201, server-filled fields   ODataWrites#create, EmulatorState#create        required-fields,
 *                                                                                        unique-login-id
 * 20   PUT/PATCH merge, 200               ODataWrites#update, EmulatorState#update        -
 * 21   delete 204, missing id succeeds    ODataWrites#delete                              delete-status,
 *                                                                                        delete-missing-succeeds
 * 22   link/unlink ISM_2000, 200 failure  ODataWrites#link, Replies#ok                    unlink-status,
 *                                                                                        link-failures-as200
 * 23   nav property, "No instances found" ODataReads#nav, EmulatorState#relationships     relationships.*
 * 24   $metadata EDMX, JSON 500, root 404 ODataReads#metadata, Metadata, IvantiEmulator#classify  -
 * 25   ISM error body, entity-encoded 500 Replies#errorBody, IsmError, Faults#reply       faults.error-rate
 * 26   slow past the daily call limit     Faults#decide, Faults#reply (429 GUESS)         faults.daily-call-limit,
 *                                                                                        faults.throttle-burst,
 *                                                                                        faults.throttle-seconds
 *  -   answer lost after the write        Faults#decide, IvantiEmulator#handle, Replies#send  faults.lost-answer-rate
 *      (stored, then connection closed;
 *      a network fault, not a row)
 * 27   dates: Z or offset, unset 0001-…   EmulatorState#toJson, EmulatorState#formatDate  tenant-offset,
 *                                                                                        unset-dates-as-null
 * 28   Employee, unique LoginID           BoType#EMPLOYEE, EmulatorState#validate         unique-login-id
 * §8.11 unresolved picklist stored blank  EmulatorState#picklist                          unresolved-picklist
 * §11  Status list without Inactive      EmulatorState#derive, #syncStatusList, Metadata  status-values
 * §8.12 save workflow stamps and copies   EmulatorState#derive                            -
 * §1.3 slow workflow-driven create        Faults#decide, Replies#send (answer held)       faults.create-latency-min-ms,
 *                                                                                        faults.create-latency-max-ms
 * </pre>
 *
 * <h2>§9 switches (conflicting evidence; default first)</h2>
 * <pre>
 * topic                        switch                          default          read in
 * wrong collection name        unknown-collection              not-found (404)  IvantiEmulator#odata
 * @odata.count unasked         count-unasked                   true             ODataReads#list
 * parentheses / precedence     filter-parentheses,             true, standard   ODataFilter#parse
 *                              filter-precedence
 * over-max $top message        top-over-max-messages           both             ODataReads#paging
 * unlink status                unlink-status                   200 + ISM_2000   ODataWrites#link
 * bad key message              invalid-key-message             "Invalid key"    ODataReads#get
 * DELETE response              delete-status                   204              ODataWrites#delete
 * duplicate LoginID            unique-login-id                 true (400)       EmulatorState#validate
 * employee/team nav names      relationships.*                 see EmulatorConfig  EmulatorState#relationships
 * nav reads honour $top/$skip  relationships.ignore-paging     false            ODataReads#nav
 * team-typed Employee navs     relationships.extra-team-links  0                EmulatorState#relationships
 * session timeout/concurrency  session-idle-timeout,           30 min, 0        Sessions#use, Sessions#login
 *                              max-sessions-per-user           (unlimited)
 * </pre>
 *
 * <h2>Tenant profiles</h2>
 * {@code bridge.emulator.profile=default|strict|legacy} sets the switches above at once from
 * {@code emulator-profiles/<name>.properties} ({@code config/EmulatorProfiles}, below any explicit switch); each
 * preset value and its source: {@code docs/emulator-profiles.md}.
 */
package io.ivantiscim.emulator;
