// bench/run.sh helper (Node 20, no packages): seeds SCIM users and groups, then times PATCHes that
// add 10,000 members to a fresh group. Not the load generator (that is wrk, bench/scim-mixed.lua).
//   node bench/scim-setup.mjs seed BASE TOKEN USERS GROUPS OUT_DIR
//   node bench/scim-setup.mjs patch BASE TOKEN OUT_DIR MEMBERS RUNS [QUERY...]
// Each QUERY (e.g. "excludedAttributes=members"; "-" for none) is a series of its own, added to
// its PATCHes' URL; the series take turns.
import fs from "node:fs";

const [cmd, base, token, ...rest] = process.argv.slice(2);
const headers = {Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json"};
const call = async (method, path, body) => {
    const r = await fetch(base + path, {method, headers, body: body && JSON.stringify(body)});
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path.split("?")[0]} -> ${r.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
};
const pool = async (n, concurrency, work) => {
    let next = 0;
    await Promise.all(Array.from({length: concurrency}, async () => { while (next < n) await work(next++); }));
};
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

if (cmd === "seed") {
    const [users, groups, out] = [Number(rest[0]), Number(rest[1]), rest[2]];
    const ids = new Array(users);
    const t0 = performance.now();
    await pool(users, 16, async (i) => {
        const u = await call("POST", "/Users", {schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
            userName: `bench-${i}@bench.example`, externalId: `ext-${i}`, active: true,
            name: {givenName: "Bench", familyName: `User${i}`},
            emails: [{value: `bench-${i}@bench.example`, type: "work", primary: true}]});
        ids[i] = u.id;
    });
    const gids = [];
    for (let g = 0; g < groups; g++) {
        gids.push((await call("POST", "/Groups", {schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
            displayName: `bench-workload-${g}`, members: []})).id);
    }
    fs.writeFileSync(`${out}/user-ids.txt`, ids.join("\n") + "\n");
    fs.writeFileSync(`${out}/group-ids.txt`, gids.join("\n") + "\n");
    console.log(`seeded ${users} users (${(users / ((performance.now() - t0) / 1000)).toFixed(0)} POST/s at 16 in flight) and ${groups} groups`);
} else if (cmd === "patch") {
    // Each run PATCHes once per QUERY in turn ("-": none), so the series share the machine's state.
    const [out, members, runs] = [rest[0], Number(rest[1]), Number(rest[2])];
    const queries = rest.length > 3 ? rest.slice(3).map((q) => (q === "-" ? "" : q)) : [""];
    const ids = fs.readFileSync(`${out}/user-ids.txt`, "utf8").trim().split("\n").slice(0, members);
    const times = queries.map(() => []);
    for (let run = 0; run < runs; run++) {
        for (const [k, query] of queries.entries()) {
            const g = await call("POST", "/Groups", {schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                displayName: `bench-big-${Date.now()}-${run}-${k}`, members: []});
            const body = {schemas: [PATCH], Operations: [{op: "add", path: "members", value: ids.map((value) => ({value}))}]};
            const t0 = performance.now();
            const answer = await call("PATCH", `/Groups/${g.id}${query ? `?${query}` : ""}`, body);
            const ms = performance.now() - t0;
            if (!query && (answer.members ?? []).length !== ids.length) throw new Error(`PATCH answered ${(answer.members ?? []).length} members, expected ${ids.length}`);
            const check = await call("GET", `/Groups/${g.id}`);
            if ((check.members ?? []).length !== ids.length) throw new Error(`group has ${(check.members ?? []).length} members, expected ${ids.length}`);
            times[k].push(ms);
            console.log(`run ${run + 1}: PATCH add ${ids.length} members${query ? ` ?${query}` : ""}: ${ms.toFixed(0)} ms`);
        }
    }
    for (const [k, query] of queries.entries()) {
        const t = times[k].sort((a, b) => a - b);
        console.log(`RESULT query=${query || "-"} patch_members=${ids.length} median_ms=${t[Math.floor(t.length / 2)].toFixed(0)} min_ms=${t[0].toFixed(0)} max_ms=${t[t.length - 1].toFixed(0)}`);
    }
}
