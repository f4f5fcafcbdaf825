# What ASP.NET Core's hosting layer costs per request, from perf script output (bench/load/profile.sh, --hosting):
# each sample goes to the innermost frame on its stack that is either the hosting layer (HostingApplication and
# what it calls per request: the HttpContext factory, diagnostics, the log scope, activities) or HarmonyGen's own
# handler, so the share printed is the hosting layer inclusive of what it calls, excluding the gateway's request path.
import sys, collections, re
hosting = re.compile(r'HostingApplication|DefaultHttpContextFactory|DefaultHttpContext__Initialize|DefaultHttpContext__Uninitialize'
                     r'|HostingLogScope|LoggerExternalScopeProvider|Logger__BeginScope|Microsoft_Extensions_Logging_Logger_|ApplicationBuilder|LeanHttpApplication|LeanServer')
mine = re.compile(r'HarmonyGen_Hosting_GatewayRuntime|HarmonyGen_[A-Za-z]+_')
stacks = []; cur = []
for line in open(sys.argv[1]):
    if not line.strip():
        if cur: stacks.append(cur)
        cur = []; continue
    if not line.startswith(('\t', ' ')):
        cur = []; continue
    parts = line.strip().split(None, 1)
    cur.append(parts[1] if len(parts) > 1 else '?')
if cur: stacks.append(cur)
n = len(stacks); by = collections.Counter(); total = 0
for st in stacks:
    for frame in st:
        sym = frame.split(' (')[0]
        if mine.search(sym) and not hosting.search(sym): break
        if hosting.search(sym):
            total += 1
            # name the hosting frame nearest the root for the breakdown
            top = next(f.split(' (')[0] for f in reversed(st) if hosting.search(f.split(' (')[0]))
            by[re.sub(r'_[0-9a-f]{6,}$', '', top)[:110]] += 1
            break
print(f"hosting layer (inclusive, excluding HarmonyGen's handler): {100.0 * total / max(n, 1):.2f} % of {n} samples")
for k, v in by.most_common(12):
    print(f"  {100.0 * v / max(n, 1):5.2f} %  {k}")
