package main

// Two things the simulator cannot model by itself, done in front of its SOAP handler:
//
//   - a user without read rights on part of the inventory. Sessions that log in as the restricted
//     user name are remembered by their session cookie; in their RetrievePropertiesEx and
//     ContinueRetrievePropertiesEx answers, every property of a denied object becomes a missingSet
//     entry with a NoPermission fault (what vCenter answers for an object the user may see but not
//     read), and QueryOptions / QueryNetworkHint on a denied host's managers fail with NoPermission;
//   - what a physical switch announces over CDP: QueryNetworkHint answers for the hosts given in
//     -native-vlan carry a connectedSwitchPort (PhysicalNicCdpInfo) with that native VLAN.

import (
	"bytes"
	"fmt"
	"io/ioutil"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
)

const sessionCookie = "vmware_soap_session"

type restrictor struct {
	next     http.Handler
	user     string // the restricted user name
	realUser string // the name the simulator accepts
	deny     map[string]bool

	// Host moid → native VLAN its NICs' CDP neighbours announce.
	nativeVlan map[string]int

	mu       sync.Mutex
	sessions map[string]bool
	// HostNetworkSystem moid → its host, learnt from what the simulator answers.
	networkSystemOf map[string]string
	// Managers (OptionManager, HostNetworkSystem) of denied hosts, learnt from what the simulator answers.
	deniedManagers map[string]bool
}

func newRestrictor(next http.Handler, user, realUser string, deny map[string]bool, nativeVlan map[string]int) *restrictor {
	return &restrictor{next: next, user: user, realUser: realUser, deny: deny, nativeVlan: nativeVlan, sessions: map[string]bool{}, deniedManagers: map[string]bool{}, networkSystemOf: map[string]string{}}
}

var (
	objectsRe  = regexp.MustCompile(`(?s)<objects>(.*?)</objects>`)
	objRe      = regexp.MustCompile(`<obj type="([^"]+)">([^<]+)</obj>`)
	propSetRe  = regexp.MustCompile(`(?s)<propSet><name>([^<]+)</name>(.*?)</propSet>`)
	managerRe  = regexp.MustCompile(`type="(?:OptionManager|HostNetworkSystem)">([^<]+)<`)
	thisRe     = regexp.MustCompile(`<_this type="[^"]+">([^<]+)</_this>`)
	userNameRe = regexp.MustCompile(`<userName>([^<]*)</userName>`)
	netSysRe   = regexp.MustCompile(`type="HostNetworkSystem">([^<]+)<`)
	hintRe     = regexp.MustCompile(`<returnval><device>([^<]+)</device>`)
)

func (r *restrictor) restricted(req *http.Request) bool {
	c, err := req.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sessions[c.Value]
}

func (r *restrictor) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		r.next.ServeHTTP(w, req)
		return
	}
	body, err := ioutil.ReadAll(req.Body)
	if err != nil {
		http.Error(w, "cannot read request", http.StatusBadRequest)
		return
	}
	text := string(body)
	login := false
	if strings.Contains(text, "<Login") {
		if m := userNameRe.FindStringSubmatch(text); m != nil && r.user != "" && m[1] == r.user {
			login = true
			text = strings.Replace(text, m[0], "<userName>"+r.realUser+"</userName>", 1)
		}
	}
	restricted := r.restricted(req)
	if restricted && (strings.Contains(text, "<QueryOptions") || strings.Contains(text, "<QueryNetworkHint")) {
		if m := thisRe.FindStringSubmatch(text); m != nil {
			r.mu.Lock()
			denied := r.deniedManagers[m[1]]
			r.mu.Unlock()
			if denied {
				writeNoPermission(w, m[1])
				return
			}
		}
	}
	req.Body = ioutil.NopCloser(strings.NewReader(text))
	req.ContentLength = int64(len(text))
	rec := httptest.NewRecorder()
	r.next.ServeHTTP(rec, req)
	res := rec.Result()
	out := rec.Body.Bytes()
	if login && res.StatusCode == http.StatusOK {
		for _, c := range res.Cookies() {
			if c.Name == sessionCookie {
				r.mu.Lock()
				r.sessions[c.Value] = true
				r.mu.Unlock()
			}
		}
	}
	if strings.Contains(text, "RetrievePropertiesEx") {
		r.learn(out)
		if restricted {
			out = r.hide(out)
		}
	}
	if strings.Contains(text, "<QueryNetworkHint") {
		out = r.announce(text, out)
	}
	for k, v := range res.Header {
		if k != "Content-Length" {
			w.Header()[k] = v
		}
	}
	w.Header().Set("Content-Length", fmt.Sprint(len(out)))
	w.WriteHeader(res.StatusCode)
	_, _ = w.Write(out)
}

// learn records which host each HostNetworkSystem belongs to.
func (r *restrictor) learn(xml []byte) {
	for _, block := range objectsRe.FindAll(xml, -1) {
		m := objRe.FindSubmatch(block)
		if m == nil || string(m[1]) != "HostSystem" {
			continue
		}
		for _, ns := range netSysRe.FindAllSubmatch(block, -1) {
			r.mu.Lock()
			r.networkSystemOf[string(ns[1])] = string(m[2])
			r.mu.Unlock()
		}
	}
}

// announce adds the CDP neighbour of each NIC to a QueryNetworkHint answer, for hosts in -native-vlan.
func (r *restrictor) announce(request string, xml []byte) []byte {
	m := thisRe.FindStringSubmatch(request)
	if m == nil {
		return xml
	}
	r.mu.Lock()
	host := r.networkSystemOf[m[1]]
	r.mu.Unlock()
	vlan, ok := r.nativeVlan[host]
	if !ok {
		return xml
	}
	return hintRe.ReplaceAllFunc(xml, func(b []byte) []byte {
		dev := hintRe.FindSubmatch(b)[1]
		return []byte(fmt.Sprintf(`<returnval><device>%s</device><connectedSwitchPort><cdpVersion>2</cdpVersion><devId>tor-1</devId><portId>Ethernet1/%s</portId><vlan>%d</vlan><fullDuplex>true</fullDuplex><mtu>1500</mtu></connectedSwitchPort>`, dev, bytes.TrimPrefix(dev, []byte("vmnic")), vlan))
	})
}

// hide turns the properties of denied objects into NoPermission entries of their missingSet.
func (r *restrictor) hide(xml []byte) []byte {
	return objectsRe.ReplaceAllFunc(xml, func(block []byte) []byte {
		m := objRe.FindSubmatch(block)
		if m == nil || !r.deny[string(m[2])] {
			return block
		}
		typ, moid := string(m[1]), string(m[2])
		var missing bytes.Buffer
		for _, p := range propSetRe.FindAllSubmatch(block, -1) {
			// A denied host's managers: later calls on them are refused too.
			if mm := managerRe.FindSubmatch(p[2]); mm != nil {
				r.mu.Lock()
				r.deniedManagers[string(mm[1])] = true
				r.mu.Unlock()
			}
			fmt.Fprintf(&missing, `<missingSet><path>%s</path><fault><fault xmlns:XMLSchema-instance="http://www.w3.org/2001/XMLSchema-instance" XMLSchema-instance:type="NoPermission"><object type="%s">%s</object><privilegeId>System.Read</privilegeId></fault><localizedMessage></localizedMessage></fault></missingSet>`, p[1], typ, moid)
		}
		stripped := propSetRe.ReplaceAll(block, nil)
		return bytes.Replace(stripped, []byte("</objects>"), append(missing.Bytes(), []byte("</objects>")...), 1)
	})
}

func writeNoPermission(w http.ResponseWriter, moid string) {
	body := `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Body><soapenv:Fault><faultcode>ServerFaultCode</faultcode><faultstring>Permission to perform this operation was denied.</faultstring><detail><NoPermissionFault xmlns="urn:vim25" xsi:type="NoPermission"><object>` + moid + `</object><privilegeId>System.Read</privilegeId></NoPermissionFault></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.Header().Set("Content-Length", fmt.Sprint(len(body)))
	w.WriteHeader(http.StatusInternalServerError)
	_, _ = w.Write([]byte(body))
}
