package naming

import (
	"strings"
	"testing"
)

// TestMixedCaseWords checks that names with mixed-case acronyms split as
// a person reads them, and that each name family spells them as its
// convention asks.
func TestMixedCaseWords(t *testing.T) {
	cases := []struct {
		input, initialisms              string
		snake, goName, title, camelName string
	}{
		{"OAuth", "", "oauth", "OAuth", "OAuth", "Oauth"},
		{"OAuthToken", "", "oauth_token", "OAuthToken", "OAuth Token", "OauthToken"},
		{"OAuth2Token", "", "oauth2_token", "OAuth2Token", "OAuth2 Token", "Oauth2Token"},
		{"oauth_token", "", "oauth_token", "OAuthToken", "OAuth Token", "OauthToken"},
		{"GoogleOAuthApp", "", "google_oauth_app", "GoogleOAuthApp", "Google OAuth App", "GoogleOauthApp"},
		{"iOSApp", "", "ios_app", "IOSApp", "iOS App", "IosApp"},
		{"IOSDevice", "", "ios_device", "IOSDevice", "iOS Device", "IosDevice"},
		{"IPv6Address", "", "ipv6_address", "IPv6Address", "IPv6 Address", "Ipv6Address"},
		{"IPv4Range", "", "ipv4_range", "IPv4Range", "IPv4 Range", "Ipv4Range"},
		{"APIv2Key", "", "api_v2_key", "APIv2Key", "API v2 Key", "ApiV2Key"},
		{"GraphQLSchema", "", "graphql_schema", "GraphQLSchema", "GraphQL Schema", "GraphqlSchema"},
		{"MacOSImage", "", "macos_image", "MacOSImage", "macOS Image", "MacosImage"},
		{"EBPFProgram", "", "ebpf_program", "EBPFProgram", "eBPF Program", "EbpfProgram"},
		{"eBPFMap", "", "ebpf_map", "EBPFMap", "eBPF Map", "EbpfMap"},
		{"GitLabProject", "", "gitlab_project", "GitLabProject", "GitLab Project", "GitlabProject"},
		{"PostgreSQLDump", "", "postgresql_dump", "PostgreSQLDump", "PostgreSQL Dump", "PostgresqlDump"},
		{"GRPCService", "", "grpc_service", "GRPCService", "gRPC Service", "GrpcService"},
		// Not terms: the letters of a term inside another word.
		{"RadioStation", "", "radio_station", "RadioStation", "Radio Station", "RadioStation"},
		{"BIOSSetting", "", "bios_setting", "BiosSetting", "Bios Setting", "BiosSetting"},
		{"IPAddress", "", "ip_address", "IPAddress", "IP Address", "IpAddress"},
		{"HTTPServer", "", "http_server", "HTTPServer", "HTTP Server", "HttpServer"},
		// --initialism keeps a word whole and in capitals, or as written
		// when it mixes cases.
		{"E2ETest", "E2E", "e2e_test", "E2ETest", "E2E Test", "E2eTest"},
		{"K8sCluster", "K8s", "k8s_cluster", "K8sCluster", "K8s Cluster", "K8sCluster"},
		{"P2PLink", "p2p", "p2p_link", "P2PLink", "P2P Link", "P2pLink"},
		{"GpgKey", "GPG", "gpg_key", "GPGKey", "GPG Key", "GpgKey"},
		{"MyCi", "ci", "my_ci", "MyCI", "My CI", "MyCi"},
		{"AwsS3Object", "AWS S3", "aws_s3_object", "AWSS3Object", "AWS S3 Object", "AwsS3Object"},
	}
	for _, c := range cases {
		var ini []string
		if c.initialisms != "" {
			ini = strings.Fields(c.initialisms)
		}
		n, err := Derive(c.input, Options{Initialisms: ini})
		if err != nil {
			t.Errorf("%s: %v", c.input, err)
			continue
		}
		got := [4]string{n.Snake, n.GoName, n.Title, n.Camel}
		want := [4]string{c.snake, c.goName, c.title, c.camelName}
		if got != want {
			t.Errorf("%s %v: snake, Go, title, camel = %q, want %q", c.input, ini, got, want)
		}
	}
}

// TestInitialismSpellingsAgree checks that every spelling of a name with
// an initialism gives one snake name, as the package promises for all
// names.
func TestInitialismSpellingsAgree(t *testing.T) {
	for initialism, g := range map[string][]string{
		"E2E": {"E2ETest", "e2e_test", "E2eTest", "e2e-test", "E2E Test"},
		"K8s": {"K8sCluster", "k8s_cluster", "K8SCluster", "K8s Cluster"},
	} {
		ini := []string{initialism}
		var first string
		for i, in := range g {
			n, err := Derive(in, Options{Initialisms: ini})
			if err != nil {
				t.Fatalf("%s: %v", in, err)
			}
			if i == 0 {
				first = n.Snake
			} else if n.Snake != first {
				t.Errorf("%s gives %s, %s gives %s", g[0], first, in, n.Snake)
			}
		}
	}
}
