// Package gen generates realistic customer-service conversations for
// benchmarks and tests: deterministic for a seed, varied in agents, teams,
// channels, timings, phrasing and mood.
package gen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// A Generator makes conversations; the sequence depends only on the seed.
// It is not safe for concurrent use.
type Generator struct {
	r      *rand.Rand
	n      int
	clock  time.Time
	agents []agent
}

type agent struct {
	name, team string
	// skill is 0 (poor) to 2 (good): how often the agent greets,
	// acknowledges, uses the name, closes, replies quickly.
	skill int
}

var (
	firstNames = strings.Fields(`Ana Raj Li Maria Tom Dana Priya Lena Omar Sofia Jonas Mei Carlos Aisha Ben Chloe Diego Elif
		Farah Gus Hana Ivan Jade Kofi Lars Mia Nico Olga Pedro Quinn Rosa Sami Tara Umar Vera Will Xena Yusuf Zoe Anil`)
	customers = strings.Fields(`Bob Alice Marco Julia Kevin Nadia Paul Sara Tim Yara Hugo Irene Leo Nora Oscar Petra Rick
		Sonia Theo Uma Victor Wendy Felix Greta Hans Ines Jack Karin Liam Mona`)
	teams = []string{"EMEA", "Americas", "APAC", "Billing", "Tech"}
)

type topic struct {
	problem  []string // the customer's opening complaint
	detail   []string // the customer's answer to a question
	ask      []string // the agent asks for details
	fix      []string // the agent explains the fix
	followUp []string // the customer's follow-up question
	answer   []string // the agent's answer to it
}

var topics = []topic{
	{
		problem: []string{"I was charged twice for my subscription this month and I need the extra payment back.",
			"There are two charges of 29.99 on my card statement for the same plan.",
			"My bank shows a double payment to you from last Tuesday."},
		detail: []string{"The charges were on the 3rd and the 4th, both from the same card ending in 4417.",
			"It is the card ending 0921 and the account email is the one I am writing from."},
		ask: []string{"Could you tell me the dates of both charges and the last four digits of the card?",
			"Can you confirm the email address on the account so I can find the payments?"},
		fix: []string{"I can see the duplicate charge and I have refunded it, so it will be back on your card in three to five working days.",
			"The second payment was a system error, and I have reversed it today; your bank will show it within five days."},
		followUp: []string{"Will this happen again next month?", "Do I need to do anything with my bank?"},
		answer: []string{"No, I have fixed the billing date on your account so there will only be one charge from now on.",
			"There is nothing you need to do, the refund goes back automatically."},
	},
	{
		problem: []string{"My order has not arrived and the tracking has not moved for a week.",
			"I ordered a jacket ten days ago and it still has not been delivered.",
			"The parcel was supposed to come on Monday but nothing has shown up."},
		detail: []string{"The order number is 58213 and it was sent to my home address.",
			"It is order 77104, placed on the 2nd, with standard delivery."},
		ask: []string{"Could you share your order number so I can check the tracking?",
			"What is the order number, and is the delivery address still correct?"},
		fix: []string{"The parcel was held at the local depot, and I have asked them to send it out today, so it should reach you tomorrow.",
			"It was lost in transit, so I have sent a replacement by express delivery and you will get a new tracking link by email."},
		followUp: []string{"Can I get the delivery cost back as well?", "Will someone need to sign for it?"},
		answer: []string{"Yes, I have refunded the delivery cost as well, you will see it in a few days.",
			"No signature is needed, the driver can leave it in a safe place."},
	},
	{
		problem: []string{"I cannot log in to my account, it keeps saying my password is wrong.",
			"The app logs me out every time I open it and I cannot get back in.",
			"I reset my password twice but the login page still rejects it."},
		detail: []string{"I am using the app on an Android phone, version 5.2.",
			"It happens on the website in Chrome and also on my laptop."},
		ask: []string{"Which device and app version are you using?",
			"Does it happen on the website too, or only in the app?"},
		fix: []string{"Your account was locked after several failed attempts, and I have unlocked it now, so please try again with your new password.",
			"I have sent a fresh reset link to your email, it is valid for one hour and will let you choose a new password."},
		followUp: []string{"Should I turn on two factor login?", "Will my saved settings still be there?"},
		answer: []string{"It is a good idea, you can turn it on in the security settings and it only takes a minute.",
			"Yes, all your settings and history are kept, nothing was deleted."},
	},
	{
		problem: []string{"I want to cancel my subscription but I cannot find the option anywhere.",
			"Please cancel my plan, I am moving abroad and will not need it.",
			"How do I stop the monthly payments for my membership?"},
		detail: []string{"The account is under my name and I pay monthly by card.",
			"I signed up last year with my work email."},
		ask: []string{"Could you confirm the name and email on the account?",
			"Can you tell me which plan you are on so I can find it?"},
		fix: []string{"I have cancelled the subscription, and you will keep access until the end of the current month.",
			"Your plan is now cancelled and no further payments will be taken from your card."},
		followUp: []string{"Can I come back later and keep my data?", "Will I get a confirmation email?"},
		answer: []string{"Yes, we keep your data for twelve months, so you can pick up where you left off.",
			"Yes, the confirmation email is on its way and should arrive in a few minutes."},
	},
	{
		problem: []string{"The coffee machine I bought leaks water every time I use it.",
			"My new headphones stopped charging after two days.",
			"The screen on the tablet I received has a crack in the corner."},
		detail: []string{"I bought it on your website three weeks ago and kept the box.",
			"It is the black model and I have the receipt from the store."},
		ask: []string{"Could you send a photo of the damage and your order number?",
			"When did you buy it, and do you still have the receipt?"},
		fix: []string{"That is covered by the warranty, so I have arranged a free replacement and a courier will collect the faulty one.",
			"I have booked a repair, a prepaid label is in your inbox, and the repair takes about a week."},
		followUp: []string{"Do I need to send the charger too?", "Can I get a refund instead?"},
		answer: []string{"Please keep the charger, we only need the device itself.",
			"Yes, if you prefer a refund I can switch it, the money comes back once we receive the item."},
	},
}

var (
	greetings  = []string{"Hi %s, thanks for contacting us.", "Hello %s, this is %s from support.", "Good morning %s, thanks for reaching out.", "Hi there, thanks for getting in touch."}
	coldOpen   = []string{"Order number?", "What is the problem.", "Yes.", "Ok."}
	acks       = []string{"I'm sorry about this, I understand how frustrating it is.", "I'm really sorry for the trouble.", "I can imagine how annoying that must be.", "Thanks for your patience while I look into this."}
	checking   = []string{"Let me check that for you, one moment please.", "Let me look into your account.", "Give me a minute to check the details."}
	closings   = []string{"Is there anything else I can help you with today?", "Glad I could help, have a great day!", "Thanks for contacting us, take care.", "Have a nice day and don't hesitate to reach out."}
	badClosing = []string{"Ok bye.", "Done.", "That's it.", "Anything else?"}
	jargonLine = []string{"I have raised a P2 with the backend team as per the escalation matrix.", "This is with tier 2 now per our SLA."}
	rudeLine   = []string{"As I already said, that is not my problem.", "You should have read the instructions first.", "PLEASE READ WHAT I WROTE."}

	angryOpen  = []string{"This is ridiculous and I am really angry.", "I am so frustrated, this is terrible service.", "Honestly this is unacceptable."}
	happyOpen  = []string{"Hi, hope you are well!", "Hello, quick question for you.", "Hi there, thanks in advance for the help."}
	confirmYes = []string{"That worked, thank you so much!", "Perfect, thanks, that's great.", "Great, thanks for sorting that out so quickly.", "Brilliant, it works now, thanks."}
	confirmNo  = []string{"It is still not working and I have wasted my whole afternoon.", "That didn't help at all.", "I want to speak to a manager, this is useless."}
	repeatLine = []string{"Like I said, %s", "Again, %s"}
	fillerCust = []string{"I have been a customer for years and this has never happened before.",
		"I need this sorted today if possible because I am travelling tomorrow.",
		"I already tried restarting everything and logging out and back in again.",
		"My partner had the same issue last month and it took ages to fix.",
		"I checked the help pages first but could not find anything about this.",
		"I would really appreciate a quick answer as I have a lot on today.",
		"To be honest I am not very good with technical things.",
		"I tried calling earlier but the line was busy for half an hour.",
		"The order was a birthday present, so the timing matters to me.",
		"Just so you know, I am writing from my phone at work."}
	fillerAg = []string{"I can see your account here and all the details look correct.",
		"I have added a note to your account so my colleagues can see what we did.",
		"You will get an email with the details shortly, please check your spam folder too.",
		"I have checked this with my colleague in the billing team to make sure.",
		"I have also made sure that this will not affect any of your other orders.",
		"If anything changes, we will let you know by email straight away.",
		"Everything we discussed today is saved in your account history.",
		"Thanks for bearing with me while I checked all of that.",
		"You can also track the progress in the app under your account page.",
		"I will keep an eye on this myself over the next few days."}
	byeCust = []string{"No, that's all, thanks!", "That's everything, bye.", "Nope, all good.", "Thanks, bye."}
)

// New returns a generator for a seed.
func New(seed int64) *Generator {
	g := &Generator{r: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)),
		clock: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	for i, n := range firstNames {
		g.agents = append(g.agents, agent{name: n, team: teams[i%len(teams)], skill: []int{2, 2, 1, 2, 0, 1, 2, 2, 0, 1}[i%10]})
	}
	return g
}

func (g *Generator) pick(s []string) string { return s[g.r.IntN(len(s))] }
func (g *Generator) chance(p float64) bool  { return g.r.Float64() < p }

// Next returns the next conversation.
func (g *Generator) Next() *transcript.Conversation {
	g.n++
	ag := g.agents[g.r.IntN(len(g.agents))]
	cust := g.pick(customers)
	ch := []transcript.Channel{transcript.Chat, transcript.Chat, transcript.Chat, transcript.Chat,
		transcript.Email, transcript.Email, transcript.Call, transcript.Call, transcript.SMS, transcript.Social}[g.r.IntN(10)]
	mood := g.r.IntN(4) // 0 angry, 1-2 neutral, 3 happy
	tp := topics[g.r.IntN(len(topics))]
	resolved := g.chance(0.55 + 0.15*float64(ag.skill))

	c := &transcript.Conversation{ID: fmt.Sprintf("gen-%06d", g.n), Channel: ch, Agent: ag.name, Team: ag.team,
		Meta: map[string]string{"platform": "gen"}}
	if g.chance(0.7) {
		c.Customer = cust + " " + g.pick([]string{"Smith", "Novak", "Garcia", "Okafor", "Berg", "Kim"})
	}
	var msgs []transcript.Message
	// say writes a turn, padded with small talk towards a length of 20 to
	// 50 words (longer by e-mail) as real turns are.
	say := func(role transcript.Role, parts ...string) {
		author, pool := cust, fillerCust
		if role == transcript.Agent {
			author, pool = ag.name, fillerAg
		}
		target := 14 + g.r.IntN(30)
		if ch == transcript.Email {
			target += 15
		}
		words := len(strings.Fields(strings.Join(parts, " ")))
		for tries := 0; words < target && tries < 4; tries++ {
			f := g.pick(pool)
			if strings.Contains(strings.Join(parts, " "), f) {
				continue
			}
			parts = append(parts, f)
			words += len(strings.Fields(f))
		}
		msgs = append(msgs, transcript.Message{Role: role, Author: author, Text: strings.Join(parts, " ")})
	}
	short := func(role transcript.Role, text string) {
		author := cust
		if role == transcript.Agent {
			author = ag.name
		}
		msgs = append(msgs, transcript.Message{Role: role, Author: author, Text: text})
	}
	good := func() bool { return g.chance([]float64{0.25, 0.6, 0.9}[ag.skill]) }

	// Opening.
	open := g.pick(tp.problem)
	switch mood {
	case 0:
		say(transcript.Customer, g.pick(angryOpen), open, g.pick(fillerCust))
	case 3:
		say(transcript.Customer, g.pick(happyOpen), open)
	default:
		say(transcript.Customer, open, g.pick(fillerCust))
	}
	if ch == transcript.Chat && g.chance(0.2) {
		msgs = append([]transcript.Message{{Role: transcript.Bot, Author: "Assistant", Text: "Hi! I'm the virtual assistant. An agent will be with you shortly."}}, msgs...)
	}
	if good() {
		gr := g.pick(greetings)
		switch strings.Count(gr, "%s") {
		case 1:
			gr = fmt.Sprintf(gr, cust)
		case 2:
			gr = fmt.Sprintf(gr, cust, ag.name)
		}
		parts := []string{gr}
		if mood == 0 || good() {
			parts = append(parts, g.pick(acks))
		}
		say(transcript.Agent, append(parts, g.pick(checking))...)
	} else {
		say(transcript.Agent, g.pick(coldOpen), g.pick(tp.ask))
	}
	// Middle: 2-6 exchanges.
	rounds := 2 + g.r.IntN(5)
	for k := 0; k < rounds; k++ {
		switch k {
		case 0:
			say(transcript.Customer, g.pick(tp.detail))
			say(transcript.Agent, g.pick(fillerAg), g.pick(tp.fix))
		default:
			switch {
			case !resolved && g.chance(0.4):
				say(transcript.Customer, fmt.Sprintf(g.pick(repeatLine), open))
			default:
				say(transcript.Customer, g.pick(tp.followUp), g.pick(fillerCust))
			}
			switch {
			case ag.skill == 0 && g.chance(0.3):
				say(transcript.Agent, g.pick(rudeLine), g.pick(tp.answer))
			case g.chance(0.1):
				say(transcript.Agent, g.pick(jargonLine), g.pick(tp.answer))
			default:
				say(transcript.Agent, g.pick(tp.answer), g.pick(fillerAg))
			}
		}
	}
	// Closing.
	if resolved {
		say(transcript.Customer, g.pick(confirmYes))
	} else {
		say(transcript.Customer, g.pick(confirmNo))
	}
	if good() {
		say(transcript.Agent, g.pick(closings))
		if g.chance(0.5) {
			short(transcript.Customer, g.pick(byeCust))
		}
	} else {
		short(transcript.Agent, g.pick(badClosing))
	}
	if g.chance(0.05) {
		msgs = append(msgs[:2:2], append([]transcript.Message{{Role: transcript.Agent, Author: ag.name, Text: "Note: customer called before about this.", Internal: true}}, msgs[2:]...)...)
	}
	if g.chance(0.5) {
		if resolved {
			c.Meta["status"] = "solved"
		} else {
			c.Meta["status"] = g.pick([]string{"open", "pending"})
		}
	}
	c.Messages = msgs
	g.time(c, ag)
	return c
}

// time gives the messages timestamps, or call offsets for a call.
func (g *Generator) time(c *transcript.Conversation, ag agent) {
	g.clock = g.clock.Add(time.Duration(g.r.IntN(600)) * time.Second)
	t := g.clock
	c.Start = t
	if c.Channel == transcript.Call {
		var pos int64
		for i := range c.Messages {
			m := &c.Messages[i]
			words := int64(len(strings.Fields(m.Text)))
			dur := words*400 + int64(g.r.IntN(800))
			gap := int64(200 + g.r.IntN(1500))
			switch {
			case g.chance(0.05):
				gap = int64(11000 + g.r.IntN(20000)) // dead air while the agent checks
			case m.Role == transcript.Agent && ag.skill == 0 && g.chance(0.3):
				gap = -int64(600 + g.r.IntN(1500)) // talks over the customer
			}
			start := max(pos+gap, 0)
			end := start + dur
			m.StartMS, m.EndMS = &start, &end
			pos = end
		}
		return
	}
	// Waits by channel: the agent's reply and the customer's.
	var agentWait, custWait time.Duration
	switch c.Channel {
	case transcript.Chat:
		agentWait, custWait = 40*time.Second, 30*time.Second
	case transcript.SMS:
		agentWait, custWait = 8*time.Minute, 5*time.Minute
	case transcript.Social:
		agentWait, custWait = 40*time.Minute, 20*time.Minute
	default:
		agentWait, custWait = 3*time.Hour, 2*time.Hour
	}
	slow := []float64{3, 1.5, 0.8}[ag.skill]
	for i := range c.Messages {
		m := &c.Messages[i]
		if i > 0 {
			w := custWait
			if m.Role == transcript.Agent {
				w = time.Duration(float64(agentWait) * slow)
			}
			if m.Role == transcript.Bot {
				w = time.Second
			}
			t = t.Add(time.Duration((0.3 + 1.4*g.r.Float64()) * float64(w)))
		}
		m.At = t.Truncate(time.Second)
	}
}
