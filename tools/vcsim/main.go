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
	if err := model.Create(); err != nil {
		fmt.Fprintf(os.Stderr, "vcsim: %v\n", err)
		os.Exit(1)
	}
	defer model.Remove()
	model.Service.TLS = new(tls.Config)
	model.Service.Listen = &url.URL{Host: *listen, User: url.UserPassword(*user, password)}
	server := model.Service.NewServer()
	defer server.Close()

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
