package importers

import "testing"

// TestStripQuotedInOtherLanguages: replies quoted under a localised
// attribution or Outlook header block keep only the sender's own text.
func TestStripQuotedInOtherLanguages(t *testing.T) {
	const own = "Danke, das hilft."
	cases := map[string]string{
		"german gmail":         own + "\n\nAm Mo., 2. März 2026 um 10:00 Uhr schrieb Max Muster <max@example.de>:\n> Ihre Bestellung ist unterwegs.",
		"german wrapped":       own + "\n\nAm Mo., 2. März 2026 um 10:00 Uhr schrieb Max Muster\n<max@example.de>:\nIhre Bestellung ist unterwegs.",
		"german outlook":       own + "\n\nVon: Support <support@example.com>\nGesendet: Montag, 2. März 2026 10:00\nAn: Max Muster <max@example.de>\nBetreff: Ihre Bestellung\n\nIhre Bestellung ist unterwegs.",
		"french gmail":         own + "\n\nLe lun. 2 mars 2026 à 10:00, Jean Dupont <jean@example.fr> a écrit :\n> Votre commande est en route.",
		"french nbsp":          own + "\n\nLe lun. 2 mars 2026 à 10:00, Jean Dupont <jean@example.fr> a écrit\u00a0:\nVotre commande est en route.",
		"french outlook":       own + "\n\nDe\u00a0: Support <support@example.com>\nEnvoyé\u00a0: lundi 2 mars 2026 10:00\nÀ\u00a0: Jean Dupont\nObjet\u00a0: Votre commande\n\nVotre commande est en route.",
		"french outlook ascii": own + "\n\nDe : Support <support@example.com>\nEnvoyé : lundi 2 mars 2026 10:00\nÀ : Jean Dupont\nObjet : Votre commande\n\nVotre commande est en route.",
		"spanish":              own + "\n\nEl lun, 2 mar 2026 a las 10:00, Juan Pérez (<juan@example.es>) escribió:\n> Su pedido está en camino.",
		"spanish outlook":      own + "\n\nDe: Soporte <soporte@example.com>\nEnviado: lunes, 2 de marzo de 2026 10:00\nPara: Juan Pérez\nAsunto: Su pedido\n\nSu pedido está en camino.",
		"portuguese":           own + "\n\nEm seg., 2 de mar. de 2026 às 10:00, João Silva <joao@example.pt> escreveu:\n> O seu pedido está a caminho.",
		"portuguese outlook":   own + "\n\nDe: Suporte <suporte@example.com>\nEnviado: segunda-feira, 2 de março de 2026 10:00\nPara: João Silva\nAssunto: O seu pedido\n\nO seu pedido está a caminho.",
		"dutch":                own + "\n\nOp ma 2 mrt 2026 om 10:00 schreef Jan de Vries <jan@example.nl>:\n> Uw bestelling is onderweg.",
		"dutch outlook":        own + "\n\nVan: Support <support@example.com>\nVerzonden: maandag 2 maart 2026 10:00\nAan: Jan de Vries\nOnderwerp: Uw bestelling\n\nUw bestelling is onderweg.",
		"russian yandex":       own + "\n\n2 марта 2026 г., в 10:00, Иван Петров <ivan@example.ru> написал(а):\n> Ваш заказ в пути.",
		"russian unquoted":     own + "\n\n02.03.2026 10:00, Иван Петров пишет:\nВаш заказ в пути.",
		"russian gmail":        own + "\n\nпн, 2 мар. 2026 г. в 10:00, Иван Петров <ivan@example.ru> написал:\nВаш заказ в пути.",
		"russian outlook":      own + "\n\nОт: Поддержка <support@example.com>\nОтправлено: 2 марта 2026 г. 10:00\nКому: Иван Петров\nТема: Ваш заказ\n\nВаш заказ в пути.",
		"russian separator":    own + "\n\n-----Исходное сообщение-----\nОт: Поддержка\nВаш заказ в пути.",
	}
	for name, body := range cases {
		if got := stripQuoted(body); got != own {
			t.Errorf("%s: got %q, want %q", name, got, own)
		}
	}
}

// TestStripQuotedKeepsLookalikes: lines that only look like quote
// headers stay.
func TestStripQuotedKeepsLookalikes(t *testing.T) {
	for _, body := range []string{
		"От: Москвы\nДо: Казани\nМой рейс задержан.",
		"De : Paris\nÀ : Lyon\nMon train est en retard.",
		"12 коробок пришли, одна написана неверно.",
	} {
		if got := stripQuoted(body); got != body {
			t.Errorf("%q: cut to %q", body, got)
		}
	}
}
