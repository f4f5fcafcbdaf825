using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HarmonyGen.MultiHost.Gateway;

/// <summary>
/// The backend host: answers every request with one line saying what it received (method, path, body bytes, and
/// whether an Authorization header reached it), so callers can check the bytes got through and the mesh token did not.
/// </summary>
internal static class FixedBackend
{
    public static WebApplication Build(string[] args)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false", .. args],
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls(Hosts.Backend);
        WebApplication app = builder.Build();
        app.Run(async context =>
        {
            long bytes = 0;
            PipeReader body = context.Request.BodyReader;
            while (true)
            {
                ReadResult read = await body.ReadAsync();
                bytes += read.Buffer.Length;
                body.AdvanceTo(read.Buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }

            bool authorization = context.Request.Headers.ContainsKey("Authorization");
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync($"{context.Request.Method} {context.Request.Path} bytes={bytes} authorization={(authorization ? "yes" : "no")}\n");
        });
        return app;
    }
}
