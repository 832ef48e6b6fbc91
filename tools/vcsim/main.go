// Command vcsim starts govmomi's vCenter simulator (the VPX model: one datacenter, a cluster of
// hosts, a distributed switch with port groups, VMs) on loopback, for the `npm run test:vcenter`
// suite of vsphere-nested-networking. Tests seed what they rely on through the SOAP API itself.
//
// It prints one line of JSON on stdout once it listens:
//
//	{"url":"https://127.0.0.1:PORT/sdk","caFile":"…","sha256":"AB:…","sha1":"…"}
//
// and serves until stdin is closed or it gets SIGINT/SIGTERM. The password comes from the
// environment (VCSIM_PASSWORD), never from the command line. Built only from Debian's
// golang-github-vmware-govmomi-dev (see tools/vcsim/build.sh).
//
// The simulator has no per-object permissions, so a second user name (-restricted-user, same
// password) gets what vCenter gives a user who may see some objects but not read them: for the
// objects in -deny, RetrievePropertiesEx answers each asked property as a missingSet entry with a
// NoPermission fault instead of its value (see restrict.go).
package main

import (
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"github.com/vmware/govmomi/simulator"
)

func colonHex(b []byte) string {
	parts := make([]string, len(b))
	for i, x := range b {
		parts[i] = fmt.Sprintf("%02X", x)
	}
	return strings.Join(parts, ":")
}

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback only)")
	user := flag.String("user", "vsnet-reader", "user name the simulator accepts")
	hosts := flag.Int("hosts", 2, "hosts in the cluster")
	vms := flag.Int("vms", 2, "VMs per host")
	certDir := flag.String("cert-dir", "", "directory for the PEM file of the server certificate (default: a temporary directory)")
	restrictedUser := flag.String("restricted-user", "", "a second user name (same password) that may not read the objects in -deny")
	deny := flag.String("deny", "", "comma-separated managed object ids the restricted user may not read (e.g. host-31,dvportgroup-13)")
	portgroups := flag.Int("portgroups", 1, "distributed port groups")
	nativeVlans := flag.String("native-vlan", "", "comma-separated host=vlan: the native VLAN the CDP neighbours of that host's NICs announce (e.g. host-23=20)")
	flag.Parse()

	if !strings.HasPrefix(*listen, "127.0.0.1:") && !strings.HasPrefix(*listen, "[::1]:") && !strings.HasPrefix(*listen, "localhost:") {
		fmt.Fprintln(os.Stderr, "vcsim: -listen must be a loopback address")
		os.Exit(2)
	}
	password := os.Getenv("VCSIM_PASSWORD")
	if password == "" {
		fmt.Fprintln(os.Stderr, "vcsim: set VCSIM_PASSWORD")
		os.Exit(2)
	}

	model := simulator.VPX()
	model.Host = 0
	model.ClusterHost = *hosts
	model.Machine = *vms
	model.Portgroup = *portgroups
	if err := model.Create(); err != nil {
		fmt.Fprintf(os.Stderr, "vcsim: %v\n", err)
		os.Exit(1)
	}
	defer model.Remove()
	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, password)}
	server := model.Service.NewServer()
	defer server.Close()
	// Wrap the simulator's handler in place (same listener, same certificate): see restrict.go.
	denied := map[string]bool{}
	for _, id := range strings.Split(*deny, ",") {
		if id = strings.TrimSpace(id); id != "" {
			denied[id] = true
		}
	}
	native := map[string]int{}
	for _, kv := range strings.Split(*nativeVlans, ",") {
		parts := strings.SplitN(strings.TrimSpace(kv), "=", 2)
		if len(parts) != 2 {
			continue
		}
		v, err := strconv.Atoi(parts[1])
		if err != nil || v < 0 || v > 4094 {
			fmt.Fprintf(os.Stderr, "vcsim: -native-vlan %s: not host=vlan\n", kv)
			os.Exit(2)
		}
		native[parts[0]] = v
	}
	server.Server.Config.Handler = newRestrictor(server.Server.Config.Handler, *restrictedUser, *user, denied, native)

	cert := server.Certificate()
	dir := *certDir
	if dir == "" {
		d, err := ioutil.TempDir("", "vcsim-")
		if err != nil {
			fmt.Fprintf(os.Stderr, "vcsim: %v\n", err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		dir = d
	}
	caFile := dir + "/vcsim-ca.pem"
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw})
	if err := ioutil.WriteFile(caFile, pemBytes, 0o600); err != nil {
		fmt.Fprintf(os.Stderr, "vcsim: %v\n", err)
		os.Exit(1)
	}
	s256 := sha256.Sum256(cert.Raw)
	s1 := sha1.Sum(cert.Raw)
	u := *server.URL
	u.User = nil
	line, _ := json.Marshal(map[string]string{"url": u.String(), "caFile": caFile, "sha256": colonHex(s256[:]), "sha1": colonHex(s1[:])})
	fmt.Println(string(line))

	done := make(chan struct{}, 2)
	go func() {
		_, _ = io.Copy(ioutil.Discard, os.Stdin)
		done <- struct{}{}
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-sig
		done <- struct{}{}
	}()
	<-done
}
