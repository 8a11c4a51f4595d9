#pragma warning disable CA1050, CA1812 // the namespace an Aspire AppHost's build generates for its project references
namespace Projects;

/// <summary>Stands for the project metadata an AppHost's build generates for a referenced web project.</summary>
public sealed class Web : Aspire.Hosting.IProjectMetadata
{
    /// <inheritdoc />
    public string ProjectPath => "Web.csproj";
}
