# Groups perf script output (bench/load/profile.sh) by component: self time of each sample's leaf frame.
import sys,collections,re
stacks=[];cur=[]
for line in open(sys.argv[1]):
    if not line.strip():
        if cur: stacks.append(cur)
        cur=[];continue
    if not line.startswith(('\t',' ')):
        cur=[];continue
    parts=line.strip().split(None,1)
    cur.append(parts[1] if len(parts)>1 else '?')
if cur: stacks.append(cur)
n=len(stacks); g=collections.Counter()
for st in stacks:
    leaf=st[0]; sym=leaf.split(' (')[0]; dso=leaf[leaf.rfind('(')+1:-1] if '(' in leaf else ''
    s=' '.join(st)
    if 'kernel' in dso:
        if 'finish_task_switch' in s or '__schedule' in s: k='kernel: scheduler (context switches, sleep/wake)'
        elif 'sendto' in s or 'sendmsg' in s or 'writev' in s: k='kernel: send (incl. loopback delivery)'
        elif 'recv' in s: k='kernel: recv'
        elif 'epoll' in s: k='kernel: epoll'
        else: k='kernel: other'
    elif 'libcrypto' in dso or 'libssl' in dso: k='OpenSSL libcrypto (signature verification)'
    elif '/libc.so' in dso or dso.startswith('libc.so'): k='libc (syscall stubs, memset, locks)'
    elif sym.startswith(('SVR::','WKS::')) or 'gc_heap' in sym: k='.NET GC'
    elif sym.startswith(('Rhp','Rh','S_P_CoreLib_System_Runtime_TypeCast','S_P_CoreLib_System_Runtime_TypeLoaderExports')) : k='.NET runtime helpers (casts, dispatch, alloc, write barriers)'
    elif sym.startswith('S_P_CoreLib'):
        if 'Thread' in sym or 'Monitor' in sym or 'Concurrent' in sym or 'ExecutionContext' in sym or 'Interlocked' in sym: k='.NET CoreLib: thread pool, locks, queues'
        else: k='.NET CoreLib: other (async, strings, spans)'
    elif 'Kestrel' in sym or 'Microsoft_AspNetCore' in sym or 'System_IO_Pipelines' in sym: k='ASP.NET Core / Kestrel / Pipelines'
    elif 'System_Net_Http' in sym: k='HttpClient (SocketsHttpHandler)'
    elif 'System_Net_Sockets' in sym or sym.startswith('SystemNative'): k='System.Net.Sockets + native shim'
    elif 'Yarp' in sym: k='YARP IHttpForwarder'
    elif 'HarmonyGen' in sym: k='HarmonyGen runtime'
    elif 'IdentityModel' in sym: k='Microsoft.IdentityModel (JWT)'
    elif 'System_Security_Cryptography' in sym: k='.NET crypto wrappers'
    elif 'System_Text_Json' in sym or 'System_Text_Encodings' in sym: k='System.Text.Json'
    elif sym.startswith('[unknown]') or sym == '?': k='unresolved frames in '+dso.rsplit('/',1)[-1]
    else: k='other: '+dso.rsplit('/',1)[-1]
    g[k]+=1
for k,v in g.most_common(): print(f"  {v/n*100:5.1f}%  {k}")
print("  samples:", n)

# Inclusive time (the frame anywhere on the stack) of the steps a request goes through.
marks = [
    ('HarmonyGen request handler (GatewayRuntime.HandleAsync, incl. everything it calls synchronously)', 'GatewayRuntime__HandleAsync'),
    ('  mesh token validation (MeshTokenValidator.ValidateAsync)', 'MeshTokenValidator__ValidateAsync'),
    ('    of which JsonWebTokenHandler.ValidateTokenAsync', 'JsonWebTokenHandler__ValidateTokenAsync'),
    ('    of which reading the token (ReadJsonWebToken / CanReadToken)', 'JsonWebTokenHandler__ReadJsonWebToken'),
    ('  egress token (MeshTokenIssuer.GetAuthorization)', 'MeshTokenIssuer__GetAuthorization'),
    ('  YARP HttpForwarder.SendAsync', 'HttpForwarder__SendAsync'),
]
print("  inclusive:")
for label, needle in marks:
    v = sum(1 for st in stacks if any(needle in f for f in st))
    if v: print(f"  {v/n*100:5.1f}%  {label}")
