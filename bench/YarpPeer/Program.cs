using System;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;

// YARP as a user would set it up: routes and clusters from appsettings.json ("ReverseProxy"), JwtBearer for the
// route with AuthorizationPolicy "mesh". The HS256 secret is the one the HarmonyGen hs256 scenario uses
// (BENCH_HS256_SECRET); the checks match the mesh ingress's: HS256 only, signature, iss, exp (60 s skew), and the
// mesh_id and dest_url claims through the authorization policy (a mesh token binds its destination in dest_url, as
// Harmony's do, not in aud).
string secret = Environment.GetEnvironmentVariable("BENCH_HS256_SECRET") is { Length: > 0 } s
    ? s
    : throw new InvalidOperationException("BENCH_HS256_SECRET is not set");

WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    options.MapInboundClaims = false;
    options.TokenValidationParameters = new TokenValidationParameters
    {
        ValidIssuer = "bench_hs256",
        ValidateAudience = false,
        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(60),
    };
});
builder.Services.AddAuthorization(options =>
    options.AddPolicy("mesh", policy => policy.RequireAuthenticatedUser().RequireClaim("mesh_id", "bench_hs256").RequireClaim("dest_url", "http://127.0.0.1:7120")));

WebApplication app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapReverseProxy();
app.Run();
