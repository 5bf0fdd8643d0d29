<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="sv_SE">
<context>
    <name>ActionStatus</name>
    <message>
        <source>Planerad</source>
        <translation>Planned</translation>
    </message>
    <message>
        <source>Pågående</source>
        <translation>In progress</translation>
    </message>
    <message>
        <source>Klar</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Avbruten</source>
        <translation>Stopped</translation>
    </message>
</context>
<context>
    <name>AnonymousCard</name>
    <message>
        <source>%1: kommentar</source>
        <translation>%1: comment</translation>
    </message>
    <message>
        <source>ser ut som ett personnummer</source>
        <translation>looks like a personal identity number</translation>
    </message>
    <message>
        <source>innehåller ett namn ur barnets uppgifter</source>
        <translation>contains a name from the child's record</translation>
    </message>
    <message>
        <source>Kortet skickas utan barnets identitet eftersom samtycke saknas, men fritexten kan avslöja vem barnet är:</source>
        <translation>The card is sent without the child's identity because consent is missing, but the free text may reveal who the child is:</translation>
    </message>
    <message>
        <source>Ta bort namn och personnummer ur texten innan du skickar.</source>
        <translation>Remove names and identity numbers from the text before you send.</translation>
    </message>
    <message>
        <source>Namn eller personnummer i ett anonymt kort</source>
        <translation>Name or identity number in an anonymous card</translation>
    </message>
    <message>
        <source>Ändra texten</source>
        <translation>Change the text</translation>
    </message>
    <message>
        <source>Skicka ändå</source>
        <translation>Send anyway</translation>
    </message>
</context>
<context>
    <name>Beslut</name>
    <message>
        <source>Stöd inom min egen verksamhet</source>
        <translation>Support within my own service</translation>
    </message>
    <message>
        <source>Kontakta barnkontakten</source>
        <translation>Contact the Barnkontakt</translation>
    </message>
    <message>
        <source>Barnteam</source>
        <translation>Barnteam</translation>
    </message>
    <message>
        <source>Individuellt barnteam med stödsamordnare</source>
        <translation>Individual child team with a Stödsamordnare</translation>
    </message>
    <message>
        <source>Orosanmälan till socialtjänsten</source>
        <translation>Report of concern to social services</translation>
    </message>
    <message>
        <source>Behoven är uppfyllda – avsluta</source>
        <translation>Needs are met – close</translation>
    </message>
</context>
<context>
    <name>ChildDialog</name>
    <message>
        <source>Redigera barn</source>
        <translation>Edit child</translation>
    </message>
    <message>
        <source>Nytt barn</source>
        <translation>New child</translation>
    </message>
    <message>
        <source>Förnamn</source>
        <translation>Given names</translation>
    </message>
    <message>
        <source>Efternamn</source>
        <translation>Family name</translation>
    </message>
    <message>
        <source>Personnummer</source>
        <translation>Personal identity number</translation>
    </message>
    <message>
        <source>ÅÅÅÅMMDD-NNNN</source>
        <translation>YYYYMMDD-NNNN</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>— Ingen enhet —</source>
        <translation>— No unit —</translation>
    </message>
    <message>
        <source>&amp;Förnamn</source>
        <translation>&amp;Given names</translation>
    </message>
    <message>
        <source>&amp;Efternamn</source>
        <translation>&amp;Family name</translation>
    </message>
    <message>
        <source>&amp;Personnummer</source>
        <translation>&amp;Identity number</translation>
    </message>
    <message>
        <source>E&amp;nhet</source>
        <translation>U&amp;nit</translation>
    </message>
    <message>
        <source>Barnet har skyddade personuppgifter. Enhet och mötesplats skrivs inte ut till familjen, och namnet visas inte i fönsternamn eller meddelanden.</source>
        <translation>The child's personal details are protected. The unit and the meeting place are not printed for the family, and the name is not shown in window titles or notices.</translation>
    </message>
    <message>
        <source>&amp;Skyddad identitet (skyddad folkbokföring)</source>
        <translation>&amp;Protected identity (skyddad folkbokföring)</translation>
    </message>
    <message>
        <source>Skyddad identitet</source>
        <translation>Protected identity</translation>
    </message>
    <message>
        <source>Vårdnadshavare %1</source>
        <translation>Guardian %1</translation>
    </message>
    <message>
        <source>Namn, vårdnadshavare %1</source>
        <translation>Name, guardian %1</translation>
    </message>
    <message>
        <source>Personnummer, vårdnadshavare %1</source>
        <translation>Identity number, guardian %1</translation>
    </message>
    <message>
        <source>Telefon, vårdnadshavare %1</source>
        <translation>Phone, guardian %1</translation>
    </message>
    <message>
        <source>Namn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>Språk, vårdnadshavare %1</source>
        <translation>Language, guardian %1</translation>
    </message>
    <message>
        <source>— Inte angivet —</source>
        <translation>— Not given —</translation>
    </message>
    <message>
        <source>Behöver tolk</source>
        <translation>Needs an interpreter</translation>
    </message>
    <message>
        <source>Behöver tolk, vårdnadshavare %1</source>
        <translation>Needs an interpreter, guardian %1</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Skriv barnets för- och efternamn.</source>
        <translation>Enter the child's given and family names.</translation>
    </message>
    <message>
        <source>Uppgifterna kunde inte sparas. Kontrollera fälten.</source>
        <translation>The details could not be saved. Check the fields.</translation>
    </message>
</context>
<context>
    <name>ChildList</name>
    <message>
        <source>Namn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Personnummer</source>
        <translation>Personal identity number</translation>
    </message>
    <message>
        <source>Ålder</source>
        <translation>Age</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Uppföljning</source>
        <translation>Follow-up</translation>
    </message>
    <message numerus="yes">
        <source>%n år</source>
        <translation><numerusform>%n year</numerusform><numerusform>%n years</numerusform></translation>
    </message>
    <message>
        <source>Sök barn</source>
        <translation>Search children</translation>
    </message>
    <message>
        <source>Del av namn eller personnummer</source>
        <translation>Part of a name or identity number</translation>
    </message>
    <message>
        <source>Sök på namn eller personnummer …</source>
        <translation>Search by name or identity number …</translation>
    </message>
    <message>
        <source>Mina barn som barnkontakt</source>
        <translation>My children as Barnkontakt</translation>
    </message>
    <message>
        <source>Min enhet</source>
        <translation>My unit</translation>
    </message>
    <message>
        <source>Uppföljning förfaller</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <source>Alla statusar</source>
        <translation>All statuses</translation>
    </message>
    <message>
        <source>Nytt barn</source>
        <translation>New child</translation>
    </message>
    <message>
        <source>Öppna</source>
        <translation>Open</translation>
    </message>
    <message>
        <source>Sök bland alla barn</source>
        <translation>Search all children</translation>
    </message>
    <message>
        <source>Barn</source>
        <translation>Children</translation>
    </message>
    <message>
        <source>Visar de första %1 – skriv mer för att hitta rätt barn</source>
        <translation>Showing the first %1 – type more to find the right child</translation>
    </message>
    <message numerus="yes">
        <source>%n barn</source>
        <translation><numerusform>%n child</numerusform><numerusform>%n children</numerusform></translation>
    </message>
    <message>
        <source>Inga barn hittades med filtret %1. Sök bland alla barn?</source>
        <translation>No children found with the filter %1. Search all children?</translation>
    </message>
    <message>
        <source>Filter på: %1</source>
        <translation>Filter on: %1</translation>
    </message>
</context>
<context>
    <name>ChildMode</name>
    <message>
        <source>Barnläge</source>
        <translation>Child mode</translation>
    </message>
    <message>
        <source>Skriv vad barnet säger, med barnets egna ord</source>
        <translation>Write what the child says, in the child's own words</translation>
    </message>
    <message>
        <source>Avsluta barnläget</source>
        <translation>Leave child mode</translation>
    </message>
    <message>
        <source>Skriv din lösenfras för att lämna barnläget.</source>
        <translation>Enter your passphrase to leave child mode.</translation>
    </message>
    <message>
        <source>Lösenfras</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Avsluta</source>
        <translation>Leave</translation>
    </message>
    <message>
        <source>Fortsätt samtalet</source>
        <translation>Continue the talk</translation>
    </message>
    <message>
        <source>Samtal med %1</source>
        <translation>Talk with %1</translation>
    </message>
    <message>
        <source>◀ Förra</source>
        <translation>◀ Previous</translation>
    </message>
    <message>
        <source>Nästa ▶</source>
        <translation>Next ▶</translation>
    </message>
    <message>
        <source>Avsluta barnläge</source>
        <translation>Leave child mode</translation>
    </message>
    <message>
        <source>Kräver lösenfras, eller tangenterna %1</source>
        <translation>Needs the passphrase, or the keys %1</translation>
    </message>
    <message>
        <source>Klart</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Kort %1 av %2</source>
        <translation>Card %1 of %2</translation>
    </message>
    <message>
        <source>Fel lösenfras.</source>
        <translation>Wrong passphrase.</translation>
    </message>
</context>
<context>
    <name>ChildStatus</name>
    <message>
        <source>Ingen process</source>
        <translation>No process</translation>
    </message>
    <message>
        <source>Upptäckt</source>
        <translation>Upptäckt (noticed)</translation>
    </message>
    <message>
        <source>I barnteam</source>
        <translation>In Barnteam</translation>
    </message>
    <message>
        <source>Individuellt barnteam</source>
        <translation>Individual child team</translation>
    </message>
    <message>
        <source>Behov uppfyllt</source>
        <translation>Needs met</translation>
    </message>
</context>
<context>
    <name>ChildWindow</name>
    <message>
        <source>Det gick inte att spara. Försök igen.</source>
        <translation>Saving failed. Try again.</translation>
    </message>
</context>
<context>
    <name>Compass</name>
    <message>
        <source>Behovskompassen</source>
        <translation>Behovskompassen (needs compass)</translation>
    </message>
    <message>
        <source>Uppfyllt</source>
        <translation>Met</translation>
    </message>
    <message>
        <source>Inte uppfyllt</source>
        <translation>Not met</translation>
    </message>
    <message>
        <source>Vet inte</source>
        <translation>Don't know</translation>
    </message>
    <message>
        <source>Ingen uppgift</source>
        <translation>No information</translation>
    </message>
</context>
<context>
    <name>Concern</name>
    <message>
        <source>Orosanmälan – %1</source>
        <translation>Report of concern – %1</translation>
    </message>
    <message>
        <source>Misstanke räcker. En orosanmälan kräver inget samtycke och visas aldrig för vårdnadshavarna. Är barnet i akut fara: ring 112.</source>
        <translation>A suspicion is enough. A report of concern needs no consent and is never shown to the guardians. If the child is in acute danger: call 112.</translation>
    </message>
    <message>
        <source>Orosanmälningar</source>
        <translation>Reports of concern</translation>
    </message>
    <message>
        <source>Ny orosanmälan</source>
        <translation>New report of concern</translation>
    </message>
    <message>
        <source>Dina orosanmälningar</source>
        <translation>Your reports of concern</translation>
    </message>
    <message>
        <source>Inga ännu. En ny orosanmälan skrivs till höger.</source>
        <translation>None yet. A new report of concern is written on the right.</translation>
    </message>
    <message>
        <source>Din oro med egna ord</source>
        <translation>Your concern in your own words</translation>
    </message>
    <message>
        <source>Beskriv vad du har sett och hört, med dina egna ord.</source>
        <translation>Describe what you have seen and heard, in your own words.</translation>
    </message>
    <message>
        <source>Tecken på oro från Behovskompassen</source>
        <translation>Signs of concern from Behovskompassen</translation>
    </message>
    <message>
        <source>Det du har kryssat i ska anmälas till socialnämnden. Du har anmälningsskyldighet: gör anmälan i dag, även om du inte är säker.</source>
        <translation>What you have ticked must be reported to the social welfare committee. You have a duty to report: report today, even if you are not sure.</translation>
    </message>
    <message>
        <source>Barnet kan vara i akut fara</source>
        <translation>The child may be in acute danger</translation>
    </message>
    <message>
        <source>Iakttagelser</source>
        <translation>Observations</translation>
    </message>
    <message>
        <source>Datum för iakttagelsen</source>
        <translation>Date of the observation</translation>
    </message>
    <message>
        <source>Vad du såg eller hörde</source>
        <translation>What you saw or heard</translation>
    </message>
    <message>
        <source>Lägg till iakttagelse</source>
        <translation>Add observation</translation>
    </message>
    <message>
        <source>Ta bort iakttagelse</source>
        <translation>Remove observation</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Datum för statusen</source>
        <translation>Date of the status</translation>
    </message>
    <message>
        <source>Återkoppling från socialtjänsten</source>
        <translation>Feedback from social services</translation>
    </message>
    <message>
        <source>Ny status</source>
        <translation>New status</translation>
    </message>
    <message>
        <source>Ändra status</source>
        <translation>Change status</translation>
    </message>
    <message>
        <source>Skriv ut…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>&amp;Din oro:</source>
        <translation>&amp;Your concern:</translation>
    </message>
    <message>
        <source>&amp;Iakttagelser med datum:</source>
        <translation>&amp;Observations with dates:</translation>
    </message>
    <message>
        <source>Orosanmälan</source>
        <translation>Report of concern</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Orosanmälan upprättad %1 av %2, %3</source>
        <translation>Report of concern drawn up %1 by %2, %3</translation>
    </message>
    <message>
        <source>skickad</source>
        <translation>sent</translation>
    </message>
    <message>
        <source>mottagen</source>
        <translation>received</translation>
    </message>
    <message>
        <source>återkoppling</source>
        <translation>feedback</translation>
    </message>
    <message>
        <source>Status: %1</source>
        <translation>Status: %1</translation>
    </message>
    <message>
        <source>Inte sparad ännu.</source>
        <translation>Not saved yet.</translation>
    </message>
    <message>
        <source>Skriv vad du såg eller hörde.</source>
        <translation>Write what you saw or heard.</translation>
    </message>
    <message>
        <source>Beskriv din oro.</source>
        <translation>Describe your concern.</translation>
    </message>
    <message>
        <source>Orosanmälan är sparad. Skicka den till socialnämnden enligt er rutin och markera den som skickad.</source>
        <translation>The report of concern is saved. Send it to the social welfare committee as your routine says and mark it as sent.</translation>
    </message>
    <message>
        <source>Statusen är ändrad.</source>
        <translation>The status has been changed.</translation>
    </message>
</context>
<context>
    <name>Conflict</name>
    <message>
        <source>Anledning till planen</source>
        <translation>Reason for the plan</translation>
    </message>
    <message>
        <source>Barnets syn</source>
        <translation>The child's view</translation>
    </message>
    <message>
        <source>Vårdnadshavarnas syn</source>
        <translation>The guardians' view</translation>
    </message>
    <message>
        <source>Om det inte går som planerat</source>
        <translation>If things do not go as planned</translation>
    </message>
    <message>
        <source>Mål</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>Insats</source>
        <translation>Support action</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Klart senast</source>
        <translation>Due by</translation>
    </message>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Ansvarig</source>
        <translation>Responsible</translation>
    </message>
    <message>
        <source>Barnets plan</source>
        <translation>The child's plan</translation>
    </message>
    <message>
        <source>Insats i planen</source>
        <translation>Support action in the plan</translation>
    </message>
    <message>
        <source>Barnets uppgifter</source>
        <translation>The child's details</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Samtycke</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Formulär</source>
        <translation>Form</translation>
    </message>
    <message>
        <source>Beslut</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Orosanmälan</source>
        <translation>Report of concern</translation>
    </message>
    <message>
        <source>(tomt)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nej</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Två ändringar av samma uppgift</source>
        <translation>Two changes to the same item</translation>
    </message>
    <message>
        <source>%1 för %2: fältet ”%3” ändrades på två ställen samtidigt.</source>
        <translation>%1 for %2: the field “%3” was changed in two places at the same time.</translation>
    </message>
    <message>
        <source>barnet</source>
        <translation>the child</translation>
    </message>
    <message>
        <source>Det som gäller nu</source>
        <translation>What applies now</translation>
    </message>
    <message>
        <source>Den andra ändringen</source>
        <translation>The other change</translation>
    </message>
    <message>
        <source>Behåll det som gäller nu</source>
        <translation>Keep what applies now</translation>
    </message>
    <message>
        <source>Välj den andra ändringen</source>
        <translation>Choose the other change</translation>
    </message>
    <message>
        <source>Slå ihop (skriv nedan)</source>
        <translation>Merge (write below)</translation>
    </message>
    <message>
        <source>Sammanslagen text</source>
        <translation>Merged text</translation>
    </message>
    <message>
        <source>Spara valet</source>
        <translation>Save the choice</translation>
    </message>
    <message>
        <source>Senare</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Ditt val sparas som en vanlig ändring och skickas till de andra vid nästa synkning.</source>
        <translation>Your choice is saved as an ordinary change and sent to the others at the next sync.</translation>
    </message>
    <message>
        <source>Ändrat av %1, %2</source>
        <translation>Changed by %1, %2</translation>
    </message>
    <message>
        <source>okänd</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Välj ett av värdena eller slå ihop.</source>
        <translation>Choose one of the values or merge them.</translation>
    </message>
    <message>
        <source>Konflikter och meddelanden</source>
        <translation>Conflicts and messages</translation>
    </message>
    <message>
        <source>Lös konflikten …</source>
        <translation>Resolve the conflict …</translation>
    </message>
    <message>
        <source>Jag har läst</source>
        <translation>I have read this</translation>
    </message>
    <message>
        <source>Skicka igen</source>
        <translation>Send again</translation>
    </message>
    <message>
        <source>Skicka ändringen igen vid nästa synkning</source>
        <translation>Send the change again at the next sync</translation>
    </message>
    <message>
        <source>Släng ändringen …</source>
        <translation>Discard the change …</translation>
    </message>
    <message>
        <source>Från synkningen</source>
        <translation>From the sync</translation>
    </message>
    <message>
        <source>Konflikt: %1 för %2 – ”%3” ändrades på två ställen</source>
        <translation>Conflict: %1 for %2 – “%3” was changed in two places</translation>
    </message>
    <message>
        <source>Togs inte emot: %1 för %2 – %3</source>
        <translation>Not received: %1 for %2 – %3</translation>
    </message>
    <message>
        <source>%1 är borttaget från datorn: din behörighet till barnet har upphört (du har lämnat barnets team, eller samtycket har återkallats). Uppgifterna finns kvar hos barnets barnkontakt.</source>
        <translation>%1 has been removed from this computer: your access to the child has ended (you have left the child's team, or the consent was withdrawn). The child's Barnkontakt still holds the records.</translation>
    </message>
    <message>
        <source>Ett barn</source>
        <translation>A child</translation>
    </message>
    <message>
        <source>Konflikten är löst. Valet skickas vid nästa synkning.</source>
        <translation>The conflict is resolved. The choice is sent at the next sync.</translation>
    </message>
    <message>
        <source>Ändringen skickas igen vid nästa synkning.</source>
        <translation>The change will be sent again at the next sync.</translation>
    </message>
    <message>
        <source>Släng ändringen</source>
        <translation>Discard the change</translation>
    </message>
    <message>
        <source>Ändringen tas bort från den här datorn och skickas inte. Serverns version kommer tillbaka vid nästa synkning. Det går inte att ångra.</source>
        <translation>The change is removed from this computer and not sent. The server's version comes back at the next sync. This cannot be undone.</translation>
    </message>
    <message>
        <source>Behåll</source>
        <translation>Keep</translation>
    </message>
    <message>
        <source>Ändringen är slängd.</source>
        <translation>The change has been discarded.</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <source>Nytt samtycke</source>
        <translation>New consent</translation>
    </message>
    <message>
        <source>Vem samtycker</source>
        <translation>Who consents</translation>
    </message>
    <message>
        <source>Typ av samtycke</source>
        <translation>Type of consent</translation>
    </message>
    <message>
        <source>Samtycket gäller</source>
        <translation>The consent covers</translation>
    </message>
    <message>
        <source>Namngivna enheter</source>
        <translation>Named units</translation>
    </message>
    <message>
        <source>Barnteam och Individuellt barnteam kräver skriftligt samtycke.</source>
        <translation>Barnteam and individual child team need written consent.</translation>
    </message>
    <message>
        <source>Inhämtat av</source>
        <translation>Obtained by</translation>
    </message>
    <message>
        <source>Var blanketten förvaras</source>
        <translation>Where the form is kept</translation>
    </message>
    <message>
        <source>Till exempel: Elevakten, pärm 3</source>
        <translation>For example: the pupil file, binder 3</translation>
    </message>
    <message>
        <source>Givet</source>
        <translation>Given</translation>
    </message>
    <message>
        <source>Gäller till och med</source>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Syfte</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>&amp;Vem:</source>
        <translation>&amp;Who:</translation>
    </message>
    <message>
        <source>&amp;Typ:</source>
        <translation>&amp;Type:</translation>
    </message>
    <message>
        <source>&amp;Inhämtat av:</source>
        <translation>&amp;Obtained by:</translation>
    </message>
    <message>
        <source>&amp;Förvaras:</source>
        <translation>&amp;Kept at:</translation>
    </message>
    <message>
        <source>&amp;Givet:</source>
        <translation>&amp;Given:</translation>
    </message>
    <message>
        <source>Gäller till &amp;och med:</source>
        <translation>Valid &amp;until:</translation>
    </message>
    <message>
        <source>&amp;Syfte:</source>
        <translation>&amp;Purpose:</translation>
    </message>
    <message>
        <source>Spara samtycket</source>
        <translation>Save the consent</translation>
    </message>
    <message>
        <source>Välj vad samtycket gäller.</source>
        <translation>Choose what the consent covers.</translation>
    </message>
    <message>
        <source>Samtycken – %1</source>
        <translation>Consents – %1</translation>
    </message>
    <message>
        <source>Samtycken</source>
        <translation>Consents</translation>
    </message>
    <message>
        <source>Vem</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Typ</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Gäller</source>
        <translation>Valid</translation>
    </message>
    <message>
        <source>Förvaras</source>
        <translation>Kept at</translation>
    </message>
    <message>
        <source>Till och med</source>
        <translation>Until</translation>
    </message>
    <message>
        <source>Läge</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Nytt samtycke…</source>
        <translation>New consent…</translation>
    </message>
    <message>
        <source>Återkalla</source>
        <translation>Withdraw</translation>
    </message>
    <message>
        <source>Återkallandet gäller från i dag. Inget nytt delas efter det.</source>
        <translation>The withdrawal applies from today. Nothing new is shared after that.</translation>
    </message>
    <message>
        <source>Skriv ut samtyckesblankett…</source>
        <translation>Print consent form…</translation>
    </message>
    <message>
        <source>Koppla Upptäckarkortet till barnet</source>
        <translation>Link the Upptäckarkort to the child</translation>
    </message>
    <message>
        <source>Kortet skickades utan barnets identitet. Med vårdnadshavarnas samtycke kan det kopplas till barnet och gå till Barnkontakten.</source>
        <translation>The card was sent without the child's identity. With the guardians' consent it can be linked to the child and go to the Barnkontakt.</translation>
    </message>
    <message>
        <source>Vad delas med vem och på vilken grund</source>
        <translation>What is shared with whom, and on what basis</translation>
    </message>
    <message>
        <source>Med vem</source>
        <translation>With whom</translation>
    </message>
    <message>
        <source>Grund</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>Delas nu</source>
        <translation>Shared now</translation>
    </message>
    <message>
        <source>Vem har samtyckt</source>
        <translation>Who has consented</translation>
    </message>
    <message>
        <source>Sedan</source>
        <translation>Since</translation>
    </message>
    <message>
        <source>Anmärkning</source>
        <translation>Remark</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Samtycken för %1</source>
        <translation>Consents for %1</translation>
    </message>
    <message>
        <source>Utan samtycke delas ingenting mellan verksamheterna. En orosanmälan kräver aldrig samtycke.</source>
        <translation>Without consent nothing is shared between services. A report of concern never needs consent.</translation>
    </message>
    <message>
        <source>Återkallat %1</source>
        <translation>Withdrawn %1</translation>
    </message>
    <message>
        <source>Gäller inte</source>
        <translation>Not valid</translation>
    </message>
    <message>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Nej</source>
        <translation>No</translation>
    </message>
    <message>
        <source>Ingenting delas.</source>
        <translation>Nothing is shared.</translation>
    </message>
    <message>
        <source>Samtycket är sparat.</source>
        <translation>The consent is saved.</translation>
    </message>
    <message>
        <source>Återkalla samtycket?</source>
        <translation>Withdraw the consent?</translation>
    </message>
    <message>
        <source>Återkalla samtycket från %1 (%2)? Det gäller från i dag: inget nytt delas på samtycket, och den som bara ser barnet genom det förlorar åtkomsten vid nästa synkronisering. Ett nytt samtycke kan registreras när som helst.</source>
        <translation>Withdraw the consent of %1 (%2)? It applies from today: nothing new is shared on this consent, and anyone who sees the child only through it loses access at the next sync. A new consent can be recorded at any time.</translation>
    </message>
    <message>
        <source>Återkalla samtycket</source>
        <translation>Withdraw the consent</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Samtycket är återkallat från i dag. Inget nytt delas på det.</source>
        <translation>The consent is withdrawn from today. Nothing new is shared on it.</translation>
    </message>
    <message>
        <source>Upptäckarkortet är kopplat till barnet och går till Barnkontakten.</source>
        <translation>The Upptäckarkort is linked to the child and goes to the Barnkontakt.</translation>
    </message>
</context>
<context>
    <name>ConsentNotice</name>
    <message>
        <source>Det individuella barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt.</source>
        <translation>The Individuellt barnteam (individual child team) cannot see the child until the guardians have consented.</translation>
    </message>
    <message>
        <source>Barnteamet kan inte se barnet förrän vårdnadshavarna har samtyckt.</source>
        <translation>The Barnteam (child team) cannot see the child until the guardians have consented.</translation>
    </message>
    <message>
        <source>Samtycke saknas</source>
        <translation>Consent missing</translation>
    </message>
    <message>
        <source>Ett team kräver skriftligt samtycke. Teamet ser barnet från den dag samtycket registreras.</source>
        <translation>A team needs written consent. The team sees the child from the day the consent is recorded.</translation>
    </message>
    <message>
        <source>Registrera samtycke…</source>
        <translation>Record consent…</translation>
    </message>
    <message>
        <source>Registrera samtycke</source>
        <translation>Record consent</translation>
    </message>
    <message>
        <source>Besluta ändå</source>
        <translation>Decide anyway</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Samtycket är sparat. Signera Fem frågor när du är klar.</source>
        <translation>The consent is saved. Sign Fem frågor when you are done.</translation>
    </message>
</context>
<context>
    <name>ConsentParty</name>
    <message>
        <source>Barnet</source>
        <translation>The child</translation>
    </message>
    <message>
        <source>Vårdnadshavare 1</source>
        <translation>Guardian 1</translation>
    </message>
    <message>
        <source>Vårdnadshavare 2</source>
        <translation>Guardian 2</translation>
    </message>
</context>
<context>
    <name>ConsentScope</name>
    <message>
        <source>Upptäckarkortet till Barnkontakten</source>
        <translation>The Upptäckarkort to the Barnkontakt</translation>
    </message>
    <message>
        <source>Barnteamet</source>
        <translation>The Barnteam</translation>
    </message>
    <message>
        <source>Individuellt barnteam</source>
        <translation>Individual child team</translation>
    </message>
    <message>
        <source>Namngiven enhet</source>
        <translation>Named unit</translation>
    </message>
</context>
<context>
    <name>ConsentType</name>
    <message>
        <source>Muntligt</source>
        <translation>Oral</translation>
    </message>
    <message>
        <source>Skriftligt</source>
        <translation>Written</translation>
    </message>
</context>
<context>
    <name>DecisionDialog</name>
    <message>
        <source>Beslut för %1</source>
        <translation>Decision for %1</translation>
    </message>
    <message>
        <source>Beslut</source>
        <translation>Decision</translation>
    </message>
    <message>
        <source>Motivering</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Uppföljning</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>&amp;Beslut</source>
        <translation>&amp;Decision</translation>
    </message>
    <message>
        <source>&amp;Motivering</source>
        <translation>&amp;Reason</translation>
    </message>
    <message>
        <source>&amp;Uppföljning</source>
        <translation>&amp;Follow-up</translation>
    </message>
    <message>
        <source>Beslutet skickas till upptäckaren. Kom ihåg att berätta för barnet och vårdnadshavarna, och vid barnteam vilken information som delas.</source>
        <translation>The decision is sent to the Upptäckare. Remember to tell the child and the guardians, and for a Barnteam which information will be shared.</translation>
    </message>
    <message>
        <source>Enhetens Barnteam</source>
        <translation>The unit's Barnteam</translation>
    </message>
    <message>
        <source>Besluta</source>
        <translation>Decide</translation>
    </message>
    <message>
        <source>Datumet finns inte. Skriv t.ex. 2026-12-02, 20261202 eller 2/12.</source>
        <translation>No such date. Type e.g. 2026-12-02, 20261202 or 2/12 (day/month).</translation>
    </message>
    <message>
        <source>Enheten</source>
        <translation>The unit</translation>
    </message>
    <message>
        <source>Barnteamet på %1: %2.</source>
        <translation>The Barnteam at %1: %2.</translation>
    </message>
    <message>
        <source>%1 har inget Barnteam i Backa ännu. Enhetschefen lägger upp det under Barnkontakt och team.</source>
        <translation>%1 has no Barnteam in Backa yet. The unit lead sets it up under Barnkontakt and team.</translation>
    </message>
</context>
<context>
    <name>Dialog</name>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>Enroll</name>
    <message>
        <source>Fel användarnamn eller lösenord. Kontrollera och försök igen.</source>
        <translation>Wrong user name or password. Check them and try again.</translation>
    </message>
    <message>
        <source>För många misslyckade inloggningar. Vänta 15 minuter och försök igen.</source>
        <translation>Too many failed log-ins. Wait 15 minutes and try again.</translation>
    </message>
    <message>
        <source>Servern går inte att nå. Kontrollera adressen och att datorn är ansluten till nätet.</source>
        <translation>The server cannot be reached. Check the address and that the computer is connected to the network.</translation>
    </message>
    <message>
        <source>Serverns certifikat gick inte att lita på, så ingenting skickades. Kontakta IT-supporten.</source>
        <translation>The server's certificate could not be trusted, so nothing was sent. Contact IT support.</translation>
    </message>
    <message>
        <source>Den här versionen av Backa barnet är för gammal för servern. Uppdatera appen och försök igen. Inget av det du har sparat går förlorat.</source>
        <translation>This version of Backa barnet is too old for the server. Update the app and try again. Nothing you have saved is lost.</translation>
    </message>
    <message>
        <source>Serveradressen ska börja med https:// (okrypterad http tillåts bara till den här datorn).</source>
        <translation>The server address must start with https:// (unencrypted http is only allowed to this computer).</translation>
    </message>
    <message>
        <source>Inställningar för synkning</source>
        <translation>Sync settings</translation>
    </message>
    <message>
        <source>Serveradress</source>
        <translation>Server address</translation>
    </message>
    <message>
        <source>Användarnamn</source>
        <translation>User name</translation>
    </message>
    <message>
        <source>Lösenord</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Datorns namn</source>
        <translation>Computer name</translation>
    </message>
    <message>
        <source>Datorn är ansluten till %1 som %2.</source>
        <translation>This computer is connected to %1 as %2.</translation>
    </message>
    <message>
        <source>Anslut datorn till kommunens Backa-server så att dina ändringar når barnets team och du får deras. Lösenordet används en gång och sparas inte.</source>
        <translation>Connect this computer to the municipality's Backa server so that your changes reach the child's team and you get theirs. The password is used once and not stored.</translation>
    </message>
    <message>
        <source>&amp;Serveradress</source>
        <translation>&amp;Server address</translation>
    </message>
    <message>
        <source>&amp;Användarnamn</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <source>&amp;Lösenord</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>&amp;Datorns namn</source>
        <translation>&amp;Computer name</translation>
    </message>
    <message>
        <source>Anslut</source>
        <translation>Connect</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Synkning med servern</source>
        <translation>Syncing with the server</translation>
    </message>
    <message>
        <source>Fyll i serveradress, användarnamn och lösenord.</source>
        <translation>Fill in the server address, user name and password.</translation>
    </message>
    <message>
        <source>Ansluter …</source>
        <translation>Connecting …</translation>
    </message>
    <message>
        <source>Klart! Datorn är ansluten som %1. Synkningen börjar nu.</source>
        <translation>Done! This computer is connected as %1. Syncing starts now.</translation>
    </message>
</context>
<context>
    <name>FirstRun</name>
    <message>
        <source>För kort: minst 8 tecken.</source>
        <translation>Too short: at least 8 characters.</translation>
    </message>
    <message>
        <source>Svag. Gör den längre, till exempel med tre eller fyra ord.</source>
        <translation>Weak. Make it longer, for example three or four words.</translation>
    </message>
    <message>
        <source>Godtagbar. Ännu ett ord gör den starkare.</source>
        <translation>Acceptable. One more word makes it stronger.</translation>
    </message>
    <message>
        <source>Bra.</source>
        <translation>Good.</translation>
    </message>
    <message>
        <source>Stark.</source>
        <translation>Strong.</translation>
    </message>
    <message>
        <source>Välkommen till Backa barnet</source>
        <translation>Welcome to Backa barnet</translation>
    </message>
    <message>
        <source>Först några uppgifter om dig. De står på det du skriver och skickar, så att kollegor vet vem de ska kontakta.</source>
        <translation>First a few details about you. They appear on what you write and send, so colleagues know whom to contact.</translation>
    </message>
    <message>
        <source>Ditt namn</source>
        <translation>Your name</translation>
    </message>
    <message>
        <source>Titel</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>t.ex. BVC-sjuksköterska</source>
        <translation>e.g. child health nurse</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>t.ex. BVC Centrum</source>
        <translation>e.g. BVC Centrum</translation>
    </message>
    <message>
        <source>Verksamhet</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>&amp;Namn</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Titel</source>
        <translation>&amp;Title</translation>
    </message>
    <message>
        <source>&amp;Enhet</source>
        <translation>&amp;Unit</translation>
    </message>
    <message>
        <source>&amp;Verksamhet</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <source>Mina roller i Backa barnet</source>
        <translation>My roles in Backa barnet</translation>
    </message>
    <message>
        <source>Jag är utbildad att skatta (Skattningsformulär)</source>
        <translation>I am trained to rate (Skattningsformulär)</translation>
    </message>
    <message>
        <source>Utbildad att skatta</source>
        <translation>Trained to rate</translation>
    </message>
    <message>
        <source>Nästa</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Skriv ditt namn.</source>
        <translation>Enter your name.</translation>
    </message>
    <message>
        <source>Skriv vilken enhet du arbetar på.</source>
        <translation>Enter the unit you work at.</translation>
    </message>
    <message>
        <source>Välj en lösenfras</source>
        <translation>Choose a passphrase</translation>
    </message>
    <message>
        <source>Lösenfrasen skyddar allt om barnen på den här datorn. Välj flera ord som bara du känner till, till exempel fyra ord med mellanslag.</source>
        <translation>The passphrase protects everything about the children on this computer. Choose several words only you know, for example four words with spaces.</translation>
    </message>
    <message>
        <source>Lösenfras</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Lösenfras igen</source>
        <translation>Passphrase again</translation>
    </message>
    <message>
        <source>Lösenfrasens styrka</source>
        <translation>Passphrase strength</translation>
    </message>
    <message>
        <source>&amp;Lösenfras</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <source>&amp;Upprepa</source>
        <translation>&amp;Repeat</translation>
    </message>
    <message>
        <source>Tillbaka</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Skapa</source>
        <translation>Create</translation>
    </message>
    <message>
        <source>Lösenfraserna är inte lika.</source>
        <translation>The passphrases are not the same.</translation>
    </message>
    <message>
        <source>Skapar …</source>
        <translation>Creating …</translation>
    </message>
    <message>
        <source>Återställningsnyckel</source>
        <translation>Recovery key</translation>
    </message>
    <message>
        <source>Om lösenfrasen glöms bort är det bara den här nyckeln som kan öppna uppgifterna. Den visas bara nu. Skriv ut den eller lämna den till IT enligt er rutin, och spara den inte på den här datorn.</source>
        <translation>If the passphrase is forgotten, only this key can open the data. It is shown only now. Print it or give it to IT as your routine says, and do not store it on this computer.</translation>
    </message>
    <message>
        <source>Jag har sparat återställningsnyckeln</source>
        <translation>I have stored the recovery key</translation>
    </message>
    <message>
        <source>Börja använda Backa barnet</source>
        <translation>Start using Backa barnet</translation>
    </message>
</context>
<context>
    <name>Form</name>
    <message>
        <source>Barn utan identitet</source>
        <translation>Child without identity</translation>
    </message>
    <message>
        <source>Signerad av %1 den %2. Dokumentet är låst; använd Rätta för att göra en ny version.</source>
        <translation>Signed by %1 on %2. The document is locked; use Correct to make a new version.</translation>
    </message>
    <message>
        <source>Medbedömare: %1.</source>
        <translation>Co-rater: %1.</translation>
    </message>
    <message>
        <source>Rättelse av ett signerat dokument. Det gamla finns kvar och pekar på den nya versionen.</source>
        <translation>Correction of a signed document. The old one is kept and points to the new version.</translation>
    </message>
    <message>
        <source>Ditt utkast från %1 är återställt.</source>
        <translation>Your draft from %1 has been restored.</translation>
    </message>
    <message>
        <source>Signera och skicka</source>
        <translation>Sign and send</translation>
    </message>
    <message>
        <source>Signera och besluta</source>
        <translation>Sign and decide</translation>
    </message>
    <message>
        <source>Du är inte markerad som utbildad att skatta. Du kan fylla i ett utkast, men en utbildad kollega måste signera.</source>
        <translation>You are not marked as trained to rate. You can fill in a draft, but a trained colleague must sign.</translation>
    </message>
    <message>
        <source>Formuläret är inte färdigt. Se meddelandena vid frågorna.</source>
        <translation>The form is not complete. See the messages at the questions.</translation>
    </message>
    <message>
        <source>Det gick inte att signera: %1</source>
        <translation>Signing failed: %1</translation>
    </message>
    <message>
        <source>— Välj —</source>
        <translation>— Choose —</translation>
    </message>
    <message>
        <source>Annan enhet (skriv namnet)</source>
        <translation>Other unit (type its name)</translation>
    </message>
    <message>
        <source>Namn på annan enhet</source>
        <translation>Name of the other unit</translation>
    </message>
    <message>
        <source>Enhetens namn</source>
        <translation>The unit's name</translation>
    </message>
    <message>
        <source>Indikatorer</source>
        <translation>Indicators</translation>
    </message>
    <message>
        <source>Visa indikatorer för %1</source>
        <translation>Show indicators for %1</translation>
    </message>
    <message>
        <source>Medelvärde</source>
        <translation>Mean</translation>
    </message>
    <message>
        <source>Medelvärde (utan Vet ej): %1</source>
        <translation>Mean (without Don't know): %1</translation>
    </message>
    <message>
        <source>Hjälp</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Hjälp om behovet</source>
        <translation>Help about the need</translation>
    </message>
    <message>
        <source>Tryck på &lt;b&gt;Indikatorer&lt;/b&gt; vid ett behov för att se vad som tyder på att behovet är uppfyllt, och vilka tecken som väcker oro.</source>
        <translation>Press &lt;b&gt;Indicators&lt;/b&gt; at a need to see what shows that the need is met, and which signs raise concern.</translation>
    </message>
    <message>
        <source>Tecken på att behovet är uppfyllt</source>
        <translation>Signs that the need is met</translation>
    </message>
    <message>
        <source>Tecken som väcker oro</source>
        <translation>Signs of concern</translation>
    </message>
    <message>
        <source>%1 · äldre version av formuläret (version %2)</source>
        <translation>%1 · older version of the form (version %2)</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Signera och lås</source>
        <translation>Sign and lock</translation>
    </message>
    <message>
        <source>Rätta</source>
        <translation>Correct</translation>
    </message>
    <message>
        <source>Barnläge</source>
        <translation>Child mode</translation>
    </message>
    <message>
        <source>Visa frågorna för barnet i helskärm, ett kort i taget</source>
        <translation>Show the questions to the child full screen, one card at a time</translation>
    </message>
    <message>
        <source>Ändrat – sparas strax …</source>
        <translation>Changed – saving shortly …</translation>
    </message>
    <message>
        <source>Utkastet sparat %1</source>
        <translation>Draft saved %1</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>Nytt identitetsnummer</source>
        <translation>New identity number</translation>
    </message>
    <message>
        <source>samordningsnummer</source>
        <translation>coordination number</translation>
    </message>
    <message>
        <source>reservnummer</source>
        <translation>reserve number</translation>
    </message>
    <message>
        <source>personnummer</source>
        <translation>personal identity number</translation>
    </message>
    <message>
        <source>När ett barn med samordningsnummer eller reservnummer får ett personnummer (folkbokföring) skriver du det nya numret här. Barnets nuvarande %1 sparas i barnets identitetshistorik: sökningen hittar barnet även på det, och utskrifter visar det nya numret. Ändringen skickas vid nästa synkning. Är barnet redan registrerat under det nya numret hos någon annan slås de två ihop till ett barn.</source>
        <translation>When a child with a coordination number or a reserve number gets a personal identity number (population registration), type the new number here. The child's current %1 is kept in the child's identity history: search still finds the child by it, and printouts show the new number. The change is sent at the next synchronisation. If someone else has already registered the child under the new number, the two become one child.</translation>
    </message>
    <message>
        <source>Nytt personnummer</source>
        <translation>New personal identity number</translation>
    </message>
    <message>
        <source>ÅÅÅÅMMDD-NNNN</source>
        <translation>YYYYMMDD-NNNN</translation>
    </message>
    <message>
        <source>&amp;Nytt personnummer</source>
        <translation>&amp;New personal identity number</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
</context>
<context>
    <name>Inbox</name>
    <message>
        <source>Inkorg</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Inget nytt just nu.</source>
        <translation>Nothing new right now.</translation>
    </message>
    <message>
        <source>Öppna barnet</source>
        <translation>Open the child</translation>
    </message>
    <message>
        <source>Öppna kortet</source>
        <translation>Open the card</translation>
    </message>
    <message>
        <source>Besluta …</source>
        <translation>Decide …</translation>
    </message>
    <message>
        <source>Familjen är informerad</source>
        <translation>Family informed</translation>
    </message>
    <message>
        <source>Jag har berättat för barn och vårdnadshavare</source>
        <translation>I have told the child and the guardians</translation>
    </message>
    <message>
        <source>Klar</source>
        <translation>Done</translation>
    </message>
    <message>
        <source>Nya upptäckarkort för barn där du är barnkontakt, uppföljningar som förfaller, och återkoppling på kort du har skickat.</source>
        <translation>New Upptäckarkort for children whose Barnkontakt you are, follow-ups falling due, and feedback on cards you have sent.</translation>
    </message>
    <message>
        <source>Nytt upptäckarkort från %1</source>
        <translation>New Upptäckarkort from %1</translation>
    </message>
    <message>
        <source>Upptäckarkort utan identitet från %1</source>
        <translation>Upptäckarkort without identity from %1</translation>
    </message>
    <message>
        <source>Uppföljningen är försenad</source>
        <translation>The follow-up is overdue</translation>
    </message>
    <message>
        <source>Uppföljning förfaller</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <source>Återkoppling från %1: %2</source>
        <translation>Feedback from %1: %2</translation>
    </message>
    <message>
        <source>Insats i Barnets plan: %1</source>
        <translation>Action in the child's plan: %1</translation>
    </message>
    <message>
        <source>Insats för din enhet: %1</source>
        <translation>Action for your unit: %1</translation>
    </message>
    <message>
        <source>försenad</source>
        <translation>overdue</translation>
    </message>
    <message>
        <source>Uppföljning av Barnets plan är försenad</source>
        <translation>The follow-up of the child's plan is overdue</translation>
    </message>
    <message>
        <source>Uppföljning av Barnets plan</source>
        <translation>Follow-up of the child's plan</translation>
    </message>
    <message>
        <source>Två ändringar krockade: %1 – ”%2”. Välj vad som ska gälla.</source>
        <translation>Two changes clashed: %1 – “%2”. Choose which one applies.</translation>
    </message>
    <message>
        <source>%1 registrerade också barnet; korten finns i barnets akt</source>
        <translation>%1 also registered the child; the cards are in the child's file</translation>
    </message>
    <message>
        <source>Någon annan</source>
        <translation>Someone else</translation>
    </message>
    <message>
        <source>Barnet fick två Barnkontakter; den nyare gäller: %1</source>
        <translation>The child got two Barnkontakts; the newer one applies: %1</translation>
    </message>
    <message>
        <source>Berätta beslutet för barnet och vårdnadshavarna: %1</source>
        <translation>Tell the child and the guardians about the decision: %1</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Barn</source>
        <translation>Child</translation>
    </message>
    <message>
        <source>Ärende</source>
        <translation>Matter</translation>
    </message>
    <message>
        <source>(utan identitet)</source>
        <translation>(without identity)</translation>
    </message>
</context>
<context>
    <name>LegalBasis</name>
    <message>
        <source>Samtycke</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Anmälningsskyldighet</source>
        <translation>Duty to report</translation>
    </message>
    <message>
        <source>Sekretessbrytande bestämmelse</source>
        <translation>Provision lifting secrecy</translation>
    </message>
</context>
<context>
    <name>LogReview</name>
    <message>
        <source>Loggkontroll</source>
        <translation>Log review</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Från</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Hämta underlag</source>
        <translation>Fetch the review</translation>
    </message>
    <message>
        <source>Spara som PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Per användare</source>
        <translation>Per user</translation>
    </message>
    <message>
        <source>Användare</source>
        <translation>User</translation>
    </message>
    <message>
        <source>Läsningar</source>
        <translation>Reads</translation>
    </message>
    <message>
        <source>Barn</source>
        <translation>Children</translation>
    </message>
    <message>
        <source>Utan relation</source>
        <translation>Without relation</translation>
    </message>
    <message>
        <source>Skyddad identitet</source>
        <translation>Protected identity</translation>
    </message>
    <message>
        <source>Utanför arbetstid</source>
        <translation>Outside working hours</translation>
    </message>
    <message>
        <source>Massläsning</source>
        <translation>Bulk reads</translation>
    </message>
    <message>
        <source>Utskrifter och exporter</source>
        <translation>Prints and exports</translation>
    </message>
    <message>
        <source>Resultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Inga avvikelser</source>
        <translation>No irregularities</translation>
    </message>
    <message>
        <source>Avvikelser</source>
        <translation>Irregularities found</translation>
    </message>
    <message>
        <source>Iakttagelser och åtgärder</source>
        <translation>Findings and actions</translation>
    </message>
    <message>
        <source>Dokumentera kontrollen</source>
        <translation>Record the check</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>Period</translation>
    </message>
    <message>
        <source>Hämtar enheterna från servern…</source>
        <translation>Fetching the units from the server…</translation>
    </message>
    <message>
        <source>Det finns ingen enhet du får granska.</source>
        <translation>There is no unit you may review.</translation>
    </message>
    <message>
        <source>Välj en enhet.</source>
        <translation>Choose a unit.</translation>
    </message>
    <message>
        <source>Perioden slutar innan den börjar.</source>
        <translation>The period ends before it starts.</translation>
    </message>
    <message>
        <source>Hämtar underlaget från servern…</source>
        <translation>Fetching the review from the server…</translation>
    </message>
    <message>
        <source>%1, %2 – %3: %4 användare.</source>
        <translation>%1, %2 – %3: %4 users.</translation>
    </message>
    <message>
        <source>Det gick inte: %1</source>
        <translation>That did not work: %1</translation>
    </message>
    <message>
        <source>Spara loggkontrollen</source>
        <translation>Save the log review</translation>
    </message>
    <message>
        <source>Sparade %1.</source>
        <translation>Saved %1.</translation>
    </message>
    <message>
        <source>Beskriv avvikelserna och vad som görs.</source>
        <translation>Describe the irregularities and what is being done.</translation>
    </message>
    <message>
        <source>Kontrollen är dokumenterad (%1).</source>
        <translation>The check is recorded (%1).</translation>
    </message>
</context>
<context>
    <name>Main</name>
    <message>
        <source>Meddelande</source>
        <translation>Message</translation>
    </message>
    <message>
        <source>Backa barnet</source>
        <translation>Backa barnet</translation>
    </message>
    <message>
        <source>Inställningarna är sparade.</source>
        <translation>The settings are saved.</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>ifyllda formulär och kort</source>
        <translation>completed forms and cards</translation>
    </message>
    <message>
        <source>anteckningar</source>
        <translation>notes</translation>
    </message>
    <message>
        <source>plan</source>
        <translation>plan</translation>
    </message>
    <message>
        <source>insatser i planen</source>
        <translation>support actions in the plan</translation>
    </message>
    <message>
        <source>beslut</source>
        <translation>decisions</translation>
    </message>
    <message>
        <source>Barnkontakt-uppdrag</source>
        <translation>Barnkontakt assignments</translation>
    </message>
    <message>
        <source>barnteam</source>
        <translation>child teams</translation>
    </message>
    <message>
        <source>samtycken</source>
        <translation>consents</translation>
    </message>
    <message>
        <source>orosanmälningar</source>
        <translation>reports of concern</translation>
    </message>
    <message>
        <source>konflikter att lösa</source>
        <translation>conflicts to resolve</translation>
    </message>
    <message>
        <source>förnamn</source>
        <translation>given names</translation>
    </message>
    <message>
        <source>efternamn</source>
        <translation>family name</translation>
    </message>
    <message>
        <source>födelsedatum</source>
        <translation>date of birth</translation>
    </message>
    <message>
        <source>vårdnadshavare</source>
        <translation>guardians</translation>
    </message>
    <message>
        <source>enhet</source>
        <translation>unit</translation>
    </message>
    <message>
        <source>skyddad identitet</source>
        <translation>protected identity</translation>
    </message>
    <message>
        <source>inga uppgifter utöver profilen</source>
        <translation>nothing besides the profile</translation>
    </message>
    <message>
        <source>Flyttas till det här barnet: %1.</source>
        <translation>Moves to this child: %1.</translation>
    </message>
    <message>
        <source>Uppgifter som skiljer sig och blir konflikter att lösa i profilen: %1.</source>
        <translation>Details that differ and become conflicts to resolve in the profile: %1.</translation>
    </message>
    <message>
        <source>Profilerna skiljer sig inte åt.</source>
        <translation>The profiles do not differ.</translation>
    </message>
    <message>
        <source>Barnkontakt för %1: %2.</source>
        <translation>Barnkontakt for %1: %2.</translation>
    </message>
    <message>
        <source>Slå ihop två barn</source>
        <translation>Merge two children</translation>
    </message>
    <message>
        <source>Välj det barn som är samma barn som %1. Det barnets kort, anteckningar, planer och uppdrag flyttas hit, och det försvinner ur barnlistan på alla datorer. Du kan ångra sammanslagningen inom ett dygn.</source>
        <translation>Choose the child who is the same child as %1. That child's cards, notes, plans and assignments move here, and it disappears from the child list on every computer. You can undo the merge within a day.</translation>
    </message>
    <message>
        <source>Sök det andra barnet</source>
        <translation>Search for the other child</translation>
    </message>
    <message>
        <source>Namn, födelsedatum eller de fyra sista siffrorna</source>
        <translation>Name, date of birth or the last four digits</translation>
    </message>
    <message>
        <source>Namn eller födelsedatum</source>
        <translation>Name or date of birth</translation>
    </message>
    <message>
        <source>&amp;Sök det andra barnet</source>
        <translation>&amp;Search for the other child</translation>
    </message>
    <message>
        <source>Barn som matchar</source>
        <translation>Matching children</translation>
    </message>
    <message>
        <source>&amp;Förhandsgranska</source>
        <translation>&amp;Preview</translation>
    </message>
    <message>
        <source>Det här slås ihop</source>
        <translation>What will be merged</translation>
    </message>
    <message>
        <source>Läge</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Slå &amp;ihop</source>
        <translation>&amp;Merge</translation>
    </message>
    <message>
        <source>Ångra sammanslagning</source>
        <translation>Undo merge</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Kan ångras till %1 (UTC).</source>
        <translation>Can be undone until %1 (UTC).</translation>
    </message>
    <message>
        <source>Hämtar förhandsgranskningen…</source>
        <translation>Fetching the preview…</translation>
    </message>
    <message>
        <source>Slå ihop %1 med %2?</source>
        <translation>Merge %1 into %2?</translation>
    </message>
    <message>
        <source>Slår ihop…</source>
        <translation>Merging…</translation>
    </message>
    <message>
        <source>Barnen är sammanslagna. Ändringen syns på datorerna efter nästa synkning. Du kan ångra inom ett dygn.</source>
        <translation>The children are merged. The change shows on the computers after the next sync. You can undo it within a day.</translation>
    </message>
    <message>
        <source>Ångrar…</source>
        <translation>Undoing…</translation>
    </message>
    <message>
        <source>Sammanslagningen är ångrad. Båda barnen finns igen efter nästa synkning.</source>
        <translation>The merge is undone. Both children are back after the next sync.</translation>
    </message>
</context>
<context>
    <name>NextStep</name>
    <message>
        <source>Barnet har inget pågående stöd i Backa barnet. Den som ser att ett behov inte är uppfyllt går igenom Fem frågor och fyller i ett upptäckarkort.</source>
        <translation>The child has no ongoing support in Backa barnet. Whoever sees that a need is not met works through Fem frågor and fills in an Upptäckarkort.</translation>
    </message>
    <message>
        <source>Barnkontakten samtalar med barnet och vårdnadshavarna om behoven och beslutar sedan om nästa steg: avsluta, barnteam eller individuellt barnteam.</source>
        <translation>The Barnkontakt talks with the child and the guardians about the needs and then decides the next step: close, Barnteam or individual child team.</translation>
    </message>
    <message>
        <source>Barnteamet skattar barnets behov och beslutar om stöd. Barnkontakten sammanställer skattningarna och berättar om beslutet för barnet, vårdnadshavarna och upptäckaren.</source>
        <translation>The Barnteam rates the child's needs and decides on support. The Barnkontakt compiles the ratings and tells the child, the guardians and the Upptäckare about the decision.</translation>
    </message>
    <message>
        <source>Det individuella barnteamet arbetar tillsammans med familjen. Stödsamordnaren håller ihop barnets plan och ser till att insatserna följs upp.</source>
        <translation>The individual child team works together with the family. The Stödsamordnare keeps the child's plan together and sees that the support is followed up.</translation>
    </message>
    <message>
        <source>Barnets behov är uppfyllda. Om en ny oro väcks börjar det på nytt med Fem frågor och ett upptäckarkort.</source>
        <translation>The child's needs are met. If a new concern arises, it starts again with Fem frågor and an Upptäckarkort.</translation>
    </message>
    <message>
        <source>Upptäckarkortet är skickat till Barnkontakten. Barnkontakten tar kontakt med vårdnadshavarna, samtalar med barnet och beslutar sedan om nästa steg.</source>
        <translation>The Upptäckarkort has been sent to the Barnkontakt. The Barnkontakt contacts the guardians, talks with the child and then decides on the next step.</translation>
    </message>
</context>
<context>
    <name>NoteKind</name>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Händelse</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Orosanmälan</source>
        <translation>Report of concern</translation>
    </message>
    <message>
        <source>Utredning</source>
        <translation>Investigation</translation>
    </message>
    <message>
        <source>Polisanmälan</source>
        <translation>Police report</translation>
    </message>
    <message>
        <source>Avstängning</source>
        <translation>Exclusion from school</translation>
    </message>
    <message>
        <source>Kartläggning</source>
        <translation>Assessment</translation>
    </message>
    <message>
        <source>Möte</source>
        <translation>Meeting</translation>
    </message>
</context>
<context>
    <name>Oros</name>
    <message>
        <source>Orosanmälan för %1</source>
        <translation>Report of concern for %1</translation>
    </message>
    <message>
        <source>Misstanke räcker. En orosanmälan kräver inget samtycke och visas aldrig för vårdnadshavarna. Är barnet i akut fara: ring 112.</source>
        <translation>A suspicion is enough. A report of concern needs no consent and is never shown to the guardians. If the child is in acute danger: call 112.</translation>
    </message>
    <message>
        <source>Beskriv din oro</source>
        <translation>Describe your concern</translation>
    </message>
    <message>
        <source>&amp;Beskriv din oro</source>
        <translation>&amp;Describe your concern</translation>
    </message>
    <message>
        <source>Tecken på oro</source>
        <translation>Signs of concern</translation>
    </message>
    <message>
        <source>Detta ska anmälas till socialnämnden.</source>
        <translation>This must be reported to the social welfare committee.</translation>
    </message>
    <message>
        <source>Barnet kan vara i akut fara</source>
        <translation>The child may be in acute danger</translation>
    </message>
    <message>
        <source>Upprätta orosanmälan</source>
        <translation>Draw up the report of concern</translation>
    </message>
    <message>
        <source>Beskriv din oro.</source>
        <translation>Describe your concern.</translation>
    </message>
</context>
<context>
    <name>OrosStatus</name>
    <message>
        <source>Upprättad</source>
        <translation>Drawn up</translation>
    </message>
    <message>
        <source>Skickad</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Mottagen</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Återkoppling</source>
        <translation>Feedback received</translation>
    </message>
</context>
<context>
    <name>Overview</name>
    <message>
        <source>← Barnlistan</source>
        <translation>← Child list</translation>
    </message>
    <message>
        <source>Visa</source>
        <translation>Show</translation>
    </message>
    <message>
        <source>Visa hela personnumret</source>
        <translation>Show the full identity number</translation>
    </message>
    <message>
        <source>TEST</source>
        <translation>TEST</translation>
    </message>
    <message>
        <source>Ett testpersonnummer, inte en verklig person</source>
        <translation>A test identity number, not a real person</translation>
    </message>
    <message>
        <source>Barnet har skyddad identitet</source>
        <translation>The child has a protected identity</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Redigera</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Personnummer:</source>
        <translation>Identity number:</translation>
    </message>
    <message>
        <source>Tidigare identitetsnummer</source>
        <translation>Earlier identity numbers</translation>
    </message>
    <message>
        <source>Nytt identitetsnummer…</source>
        <translation>New identity number…</translation>
    </message>
    <message>
        <source>Barnet har fått personnummer: det nuvarande numret sparas i barnets identitetshistorik.</source>
        <translation>The child has been given a personal identity number: the current number is kept in the child's identity history.</translation>
    </message>
    <message>
        <source>Upptäckarkort</source>
        <translation>Upptäckarkort</translation>
    </message>
    <message>
        <source>Fem frågor</source>
        <translation>Fem frågor (five questions)</translation>
    </message>
    <message>
        <source>Samtal</source>
        <translation>Talk</translation>
    </message>
    <message>
        <source>Skattning</source>
        <translation>Rating</translation>
    </message>
    <message>
        <source>Fördjupad behovskompass</source>
        <translation>Fördjupad behovskompass (in-depth needs compass)</translation>
    </message>
    <message>
        <source>Orosanmälan</source>
        <translation>Report of concern</translation>
    </message>
    <message>
        <source>Anmälan till socialnämnden. Kräver inget samtycke och visas aldrig för vårdnadshavarna.</source>
        <translation>Report to the social welfare committee. Needs no consent and is never shown to the guardians.</translation>
    </message>
    <message>
        <source>Barnets plan</source>
        <translation>The child's plan</translation>
    </message>
    <message>
        <source>Samtycken</source>
        <translation>Consents</translation>
    </message>
    <message>
        <source>Barnkontakt och team</source>
        <translation>Barnkontakt and teams</translation>
    </message>
    <message>
        <source>Orosanmälningar</source>
        <translation>Reports of concern</translation>
    </message>
    <message>
        <source>Skriv ut …</source>
        <translation>Print …</translation>
    </message>
    <message>
        <source>Slå ihop med annat barn…</source>
        <translation>Merge with another child…</translation>
    </message>
    <message>
        <source>Två registreringar av samma barn slås ihop till detta barn. Kan ångras inom ett dygn.</source>
        <translation>Two records of the same child are merged into this child. Can be undone within a day.</translation>
    </message>
    <message>
        <source>Besluta …</source>
        <translation>Decide …</translation>
    </message>
    <message>
        <source>Barnkontaktens beslut: avsluta, barnteam eller individuellt barnteam</source>
        <translation>The Barnkontakt's decision: close, Barnteam or individual child team</translation>
    </message>
    <message>
        <source>Skattningstillfälle</source>
        <translation>Rating occasion</translation>
    </message>
    <message>
        <source>Behovskompassen</source>
        <translation>Behovskompassen (needs compass)</translation>
    </message>
    <message>
        <source>&amp;Tillfälle:</source>
        <translation>&amp;Occasion:</translation>
    </message>
    <message>
        <source>Skattningar över tid, medelvärde per behov</source>
        <translation>Ratings over time, mean per need</translation>
    </message>
    <message>
        <source>Bild</source>
        <translation>Picture</translation>
    </message>
    <message>
        <source>Över tid</source>
        <translation>Over time</translation>
    </message>
    <message>
        <source>Visa fördjupad behovskompass</source>
        <translation>Show the Fördjupad behovskompass</translation>
    </message>
    <message>
        <source>Nästa steg</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Tidslinje</source>
        <translation>Timeline</translation>
    </message>
    <message>
        <source>Öppna dokument</source>
        <translation>Open document</translation>
    </message>
    <message>
        <source>%1, dolt</source>
        <translation>%1, hidden</translation>
    </message>
    <message>
        <source>tolk: %1</source>
        <translation>interpreter: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n år</source>
        <translation><numerusform>%n year</numerusform><numerusform>%n years</numerusform></translation>
    </message>
    <message>
        <source>Enhet: %1</source>
        <translation>Unit: %1</translation>
    </message>
    <message>
        <source>Barnkontakt: %1</source>
        <translation>Barnkontakt: %1</translation>
    </message>
    <message>
        <source>ingen utsedd</source>
        <translation>none appointed</translation>
    </message>
    <message>
        <source>Vårdnadshavare: %1</source>
        <translation>Guardians: %1</translation>
    </message>
    <message>
        <source>Nästa steg:</source>
        <translation>Next step:</translation>
    </message>
    <message>
        <source>Inga skattningar ännu</source>
        <translation>No ratings yet</translation>
    </message>
    <message>
        <source>Färgerna visar upptäckarkortet %1.</source>
        <translation>The colours show the Upptäckarkort of %1.</translation>
    </message>
    <message>
        <source>Inget upptäckarkort ännu.</source>
        <translation>No Upptäckarkort yet.</translation>
    </message>
    <message>
        <source>Samordningsnummer:</source>
        <translation>Coordination number:</translation>
    </message>
    <message>
        <source>Reservnummer:</source>
        <translation>Reserve number:</translation>
    </message>
    <message>
        <source>%1 (%2, ersatt %3)</source>
        <translation>%1 (%2, replaced %3)</translation>
    </message>
    <message>
        <source>Tidigare identitetsnummer: %1</source>
        <translation>Earlier identity numbers: %1</translation>
    </message>
    <message>
        <source>Fördjupad behovskompass %1, %2.</source>
        <translation>Fördjupad behovskompass %1, %2.</translation>
    </message>
    <message>
        <source>Barnets plan arbetar med: %1.</source>
        <translation>Barnets plan works on: %1.</translation>
    </message>
    <message>
        <source>samordningsnummer</source>
        <translation>coordination number</translation>
    </message>
    <message>
        <source>reservnummer</source>
        <translation>reserve number</translation>
    </message>
    <message>
        <source>personnummer</source>
        <translation>personal identity number</translation>
    </message>
    <message>
        <source>%1 och %2</source>
        <translation>%1 and %2</translation>
    </message>
</context>
<context>
    <name>Plan</name>
    <message>
        <source>Ändra insats</source>
        <translation>Edit support action</translation>
    </message>
    <message>
        <source>Ny insats</source>
        <translation>New support action</translation>
    </message>
    <message>
        <source>Vad ska göras</source>
        <translation>What is to be done</translation>
    </message>
    <message>
        <source>Till exempel: Språkstöd två gånger i veckan</source>
        <translation>For example: Language support twice a week</translation>
    </message>
    <message>
        <source>Vem ansvarar</source>
        <translation>Who is responsible</translation>
    </message>
    <message>
        <source>Välj en personal eller skriv ett namn, till exempel en förälder.</source>
        <translation>Choose a staff member or type a name, for example a parent.</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Klart senast</source>
        <translation>Done by</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>&amp;Vad:</source>
        <translation>&amp;What:</translation>
    </message>
    <message>
        <source>V&amp;em:</source>
        <translation>W&amp;ho:</translation>
    </message>
    <message>
        <source>E&amp;nhet:</source>
        <translation>U&amp;nit:</translation>
    </message>
    <message>
        <source>Klart &amp;senast:</source>
        <translation>Done &amp;by:</translation>
    </message>
    <message>
        <source>S&amp;tatus:</source>
        <translation>S&amp;tatus:</translation>
    </message>
    <message>
        <source>&amp;Anteckning:</source>
        <translation>&amp;Note:</translation>
    </message>
    <message>
        <source>Spara insatsen</source>
        <translation>Save the action</translation>
    </message>
    <message>
        <source>Skriv vad som ska göras.</source>
        <translation>Write what is to be done.</translation>
    </message>
    <message>
        <source>Ange vem som ansvarar för insatsen.</source>
        <translation>State who is responsible for the action.</translation>
    </message>
    <message>
        <source>Uppföljningsmöte</source>
        <translation>Follow-up meeting</translation>
    </message>
    <message>
        <source>Mötesdatum</source>
        <translation>Meeting date</translation>
    </message>
    <message>
        <source>Anteckningar från mötet</source>
        <translation>Notes from the meeting</translation>
    </message>
    <message>
        <source>Vad har hänt sedan sist? Vad bestämde ni?</source>
        <translation>What has happened since last time? What did you decide?</translation>
    </message>
    <message>
        <source>Nästa uppföljning</source>
        <translation>Next follow-up</translation>
    </message>
    <message>
        <source>Plats för nästa uppföljning</source>
        <translation>Place of the next follow-up</translation>
    </message>
    <message>
        <source>&amp;Datum:</source>
        <translation>&amp;Date:</translation>
    </message>
    <message>
        <source>&amp;Anteckningar:</source>
        <translation>&amp;Notes:</translation>
    </message>
    <message>
        <source>&amp;Nästa uppföljning:</source>
        <translation>&amp;Next follow-up:</translation>
    </message>
    <message>
        <source>&amp;Plats:</source>
        <translation>&amp;Place:</translation>
    </message>
    <message>
        <source>Spara mötet</source>
        <translation>Save the meeting</translation>
    </message>
    <message>
        <source>Nästa uppföljning måste ligga efter mötet.</source>
        <translation>The next follow-up must come after the meeting.</translation>
    </message>
    <message>
        <source>Tidigare versioner</source>
        <translation>Earlier versions</translation>
    </message>
    <message>
        <source>Versioner</source>
        <translation>Versions</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Sparad</source>
        <translation>Saved</translation>
    </message>
    <message>
        <source>Av</source>
        <translation>By</translation>
    </message>
    <message>
        <source>Mål</source>
        <translation>Goals</translation>
    </message>
    <message>
        <source>Versionens innehåll</source>
        <translation>Contents of the version</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Varför: %1</source>
        <translation>Why: %1</translation>
    </message>
    <message>
        <source>Mål: %1</source>
        <translation>Goals: %1</translation>
    </message>
    <message>
        <source>Barnets syn: %1</source>
        <translation>The child's view: %1</translation>
    </message>
    <message>
        <source>Vårdnadshavarnas syn: %1</source>
        <translation>The guardians' view: %1</translation>
    </message>
    <message>
        <source>Förväntat resultat: %1</source>
        <translation>Expected outcome: %1</translation>
    </message>
    <message>
        <source>Om det inte går som planerat: %1</source>
        <translation>If it does not go as planned: %1</translation>
    </message>
    <message>
        <source>Nästa uppföljning: %1 %2</source>
        <translation>Next follow-up: %1 %2</translation>
    </message>
    <message>
        <source>Barnets plan – %1</source>
        <translation>The child's plan – %1</translation>
    </message>
    <message>
        <source>Barnets plan för %1</source>
        <translation>The child's plan for %1</translation>
    </message>
    <message>
        <source>Planens läge</source>
        <translation>State of the plan</translation>
    </message>
    <message>
        <source>Varför finns planen</source>
        <translation>Why there is a plan</translation>
    </message>
    <message>
        <source>Vad har ni sett, och vad vill ni att planen ska hjälpa till med?</source>
        <translation>What have you seen, and what do you want the plan to help with?</translation>
    </message>
    <message>
        <source>Behov som planen gäller</source>
        <translation>Needs the plan is about</translation>
    </message>
    <message>
        <source>Barnets mål med egna ord</source>
        <translation>The child's goals in its own words</translation>
    </message>
    <message>
        <source>Ett mål per rad, med barnets egna ord. Till exempel: Jag vill ha en kompis att leka med.</source>
        <translation>One goal per line, in the child's own words. For example: I want a friend to play with.</translation>
    </message>
    <message>
        <source>Barnets syn</source>
        <translation>The child's view</translation>
    </message>
    <message>
        <source>Vad säger barnet själv?</source>
        <translation>What does the child say?</translation>
    </message>
    <message>
        <source>Vårdnadshavarnas syn</source>
        <translation>The guardians' view</translation>
    </message>
    <message>
        <source>Vad säger föräldrarna?</source>
        <translation>What do the parents say?</translation>
    </message>
    <message>
        <source>Förväntat resultat</source>
        <translation>Expected outcome</translation>
    </message>
    <message>
        <source>Hur märker vi att det har blivit bättre?</source>
        <translation>How will we notice that things have improved?</translation>
    </message>
    <message>
        <source>Om det inte går som planerat</source>
        <translation>If it does not go as planned</translation>
    </message>
    <message>
        <source>Vad gör vi då, och vem hör av sig?</source>
        <translation>What do we do then, and who gets in touch?</translation>
    </message>
    <message>
        <source>Deltagare</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>En per rad: namn – roll. Till exempel: Åsa Testsson – mamma</source>
        <translation>One per line: name – role. For example: Åsa Testsson – mother</translation>
    </message>
    <message>
        <source>Huvudman med övergripande ansvar</source>
        <translation>Responsible body with overall responsibility</translation>
    </message>
    <message>
        <source>Till exempel: Kommunen, förskolan</source>
        <translation>For example: the municipality, the preschool</translation>
    </message>
    <message>
        <source>Ansvarig enhet</source>
        <translation>Responsible unit</translation>
    </message>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Stödsamordnare</source>
        <translation>Stödsamordnare (support coordinator)</translation>
    </message>
    <message>
        <source>&amp;Varför finns planen?</source>
        <translation>&amp;Why is there a plan?</translation>
    </message>
    <message>
        <source>Barnets &amp;mål:</source>
        <translation>The child's &amp;goals:</translation>
    </message>
    <message>
        <source>Barnets s&amp;yn:</source>
        <translation>The child's v&amp;iew:</translation>
    </message>
    <message>
        <source>Vårdnads&amp;havarnas syn:</source>
        <translation>The guardians' vie&amp;w:</translation>
    </message>
    <message>
        <source>&amp;Förväntat resultat:</source>
        <translation>&amp;Expected outcome:</translation>
    </message>
    <message>
        <source>Om det &amp;inte går som planerat:</source>
        <translation>If it does &amp;not go as planned:</translation>
    </message>
    <message>
        <source>&amp;Deltagare:</source>
        <translation>&amp;Participants:</translation>
    </message>
    <message>
        <source>&amp;Huvudman med ansvar:</source>
        <translation>&amp;Responsible body:</translation>
    </message>
    <message>
        <source>Ansvarig &amp;enhet:</source>
        <translation>Responsible &amp;unit:</translation>
    </message>
    <message>
        <source>P&amp;lats:</source>
        <translation>P&amp;lace:</translation>
    </message>
    <message>
        <source>&amp;Barnkontakt:</source>
        <translation>&amp;Barnkontakt:</translation>
    </message>
    <message>
        <source>&amp;Stödsamordnare:</source>
        <translation>&amp;Stödsamordnare:</translation>
    </message>
    <message>
        <source>Planen</source>
        <translation>The plan</translation>
    </message>
    <message>
        <source>Insatser</source>
        <translation>Support actions</translation>
    </message>
    <message>
        <source>Vad</source>
        <translation>What</translation>
    </message>
    <message>
        <source>Vem</source>
        <translation>Who</translation>
    </message>
    <message>
        <source>Lägg till insats…</source>
        <translation>Add action…</translation>
    </message>
    <message>
        <source>Ändra…</source>
        <translation>Edit…</translation>
    </message>
    <message>
        <source>Ta bort</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Spara planen först, sedan kan du lägga till insatser.</source>
        <translation>Save the plan first, then you can add actions.</translation>
    </message>
    <message>
        <source>Vem gör vad, och när? Varje insats har en ansvarig och ett datum.</source>
        <translation>Who does what, and when? Every action has a responsible person and a date.</translation>
    </message>
    <message>
        <source>Uppföljningsmöten</source>
        <translation>Follow-up meetings</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Anteckningar</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Lägg till möte…</source>
        <translation>Add meeting…</translation>
    </message>
    <message>
        <source>Planens delar</source>
        <translation>Parts of the plan</translation>
    </message>
    <message>
        <source>Uppföljning</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Spara planen (Ctrl+S)</source>
        <translation>Save the plan (Ctrl+S)</translation>
    </message>
    <message>
        <source>Tidigare versioner…</source>
        <translation>Earlier versions…</translation>
    </message>
    <message>
        <source>Skriv ut…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Osparade ändringar från förra gången är återställda. Tryck Spara för att spara dem.</source>
        <translation>Unsaved changes from last time have been restored. Press Save to save them.</translation>
    </message>
    <message>
        <source>Ingen uppföljning är bokad ännu.</source>
        <translation>No follow-up is booked yet.</translation>
    </message>
    <message>
        <source>Förslag från Behovskompassen: %1</source>
        <translation>Suggested by the Behovskompass: %1</translation>
    </message>
    <message>
        <source>Ny plan – inte sparad ännu.</source>
        <translation>New plan – not saved yet.</translation>
    </message>
    <message>
        <source>Version %1.</source>
        <translation>Version %1.</translation>
    </message>
    <message>
        <source>Osparade ändringar.</source>
        <translation>Unsaved changes.</translation>
    </message>
    <message>
        <source>Planen har ändrats av någon annan sedan du öppnade den. Dina ändringar finns kvar: stäng och öppna planen igen.</source>
        <translation>Someone else has changed the plan since you opened it. Your changes are kept: close and open the plan again.</translation>
    </message>
</context>
<context>
    <name>PlanWidgets</name>
    <message>
        <source>Inget datum</source>
        <translation>No date</translation>
    </message>
    <message>
        <source>Skriv t.ex. 2026-12-02, 20261202 eller 2/12</source>
        <translation>Type e.g. 2026-12-02, 20261202 or 2/12 (day/month)</translation>
    </message>
    <message>
        <source>Ingen</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Ingen enhet</source>
        <translation>No unit</translation>
    </message>
</context>
<context>
    <name>Print</name>
    <message>
        <source>Barnets plan för familjen</source>
        <translation>The child's plan for the family</translation>
    </message>
    <message>
        <source>Barnets plan – barnets version</source>
        <translation>The child's plan – the child's version</translation>
    </message>
    <message>
        <source>Upptäckarkort (sammanfattning)</source>
        <translation>Upptäckarkort (summary)</translation>
    </message>
    <message>
        <source>Samtal (sammanfattning)</source>
        <translation>Talk (summary)</translation>
    </message>
    <message>
        <source>Skattning (sammanfattning)</source>
        <translation>Rating (summary)</translation>
    </message>
    <message>
        <source>Samtyckesblankett till vårdnadshavare</source>
        <translation>Consent form for guardians</translation>
    </message>
    <message>
        <source>Broschyr: Vad är Backa barnet?</source>
        <translation>Leaflet: What is Backa barnet?</translation>
    </message>
    <message>
        <source>Registerutdrag</source>
        <translation>Register extract</translation>
    </message>
    <message>
        <source>Skriv ut – %1</source>
        <translation>Print – %1</translation>
    </message>
    <message>
        <source>Dokument</source>
        <translation>Document</translation>
    </message>
    <message>
        <source>Utskriftsspråk</source>
        <translation>Print language</translation>
    </message>
    <message>
        <source>Tvåspråkig (med svenska)</source>
        <translation>Bilingual (with Swedish)</translation>
    </message>
    <message>
        <source>Tvåspråkig utskrift med svenska</source>
        <translation>Bilingual print with Swedish</translation>
    </message>
    <message>
        <source>Logg från alla datorer (hämtas från servern)</source>
        <translation>Log from every laptop (fetched from the server)</translation>
    </message>
    <message>
        <source>Registerutdragets logg från alla datorer</source>
        <translation>The register extract's log from every laptop</translation>
    </message>
    <message>
        <source>Varning om översättningen</source>
        <translation>Warning about the translation</translation>
    </message>
    <message>
        <source>Förhandsvisningens läge</source>
        <translation>Preview status</translation>
    </message>
    <message>
        <source>Förhandsvisning</source>
        <translation>Preview</translation>
    </message>
    <message>
        <source>Spara som PDF…</source>
        <translation>Save as PDF…</translation>
    </message>
    <message>
        <source>Skriv ut…</source>
        <translation>Print…</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&amp;Dokument:</source>
        <translation>&amp;Document:</translation>
    </message>
    <message>
        <source>&amp;Språk:</source>
        <translation>L&amp;anguage:</translation>
    </message>
    <message>
        <source>Hämtar loggen från servern…</source>
        <translation>Fetching the log from the server…</translation>
    </message>
    <message>
        <source>Loggen kunde inte hämtas: %1</source>
        <translation>The log could not be fetched: %1</translation>
    </message>
    <message>
        <source>Översättningen till %1 är ett utkast som ingen kvalificerad översättare har granskat (%2). Låt en tolk eller översättare läsa den innan familjen får den.</source>
        <translation>The translation into %1 is a draft that no qualified translator has reviewed (%2). Have an interpreter or translator read it before the family gets it.</translation>
    </message>
    <message>
        <source>Gör dokumentet…</source>
        <translation>Making the document…</translation>
    </message>
    <message>
        <source>Sida %1 av %2</source>
        <translation>Page %1 of %2</translation>
    </message>
    <message numerus="yes">
        <source>%n sidor</source>
        <translation><numerusform>%n page</numerusform><numerusform>%n pages</numerusform></translation>
    </message>
    <message>
        <source>Förhandsvisningen kan inte visas på den här datorn. Spara som PDF och öppna filen i ett annat program.</source>
        <translation>The preview cannot be shown on this computer. Save as PDF and open the file in another program.</translation>
    </message>
    <message>
        <source>Dokumentet kunde inte göras.</source>
        <translation>The document could not be made.</translation>
    </message>
    <message>
        <source>Spara som PDF</source>
        <translation>Save as PDF</translation>
    </message>
    <message>
        <source>Sparad: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <source>Skriv ut</source>
        <translation>Print</translation>
    </message>
    <message>
        <source>Skriver ut…</source>
        <translation>Printing…</translation>
    </message>
    <message>
        <source>Skrivaren gick inte att använda.</source>
        <translation>The printer could not be used.</translation>
    </message>
    <message>
        <source>Utskriften är skickad till skrivaren.</source>
        <translation>The print has been sent to the printer.</translation>
    </message>
    <message>
        <source>Orosanmälan</source>
        <translation>Report of concern</translation>
    </message>
</context>
<context>
    <name>Protected</name>
    <message>
        <source>Skyddad identitet</source>
        <translation>Protected identity</translation>
    </message>
    <message>
        <source>Barnet har skyddad identitet. Uppgifter om var barnet bor eller går skrivs inte ut till familjen, och namnet visas inte i fönsternamn eller meddelanden.</source>
        <translation>The child has a protected identity. Where the child lives or goes is not printed for the family, and the name is not shown in window titles or notices.</translation>
    </message>
    <message>
        <source>Barn med skyddad identitet</source>
        <translation>Child with protected identity</translation>
    </message>
</context>
<context>
    <name>Record</name>
    <message>
        <source>Signerat och låst. Det kan inte ändras här.</source>
        <translation>Signed and locked. It cannot be changed here.</translation>
    </message>
    <message>
        <source>Visas bara för läsning.</source>
        <translation>Shown for reading only.</translation>
    </message>
    <message>
        <source>Inga uppgifter ifyllda.</source>
        <translation>Nothing filled in.</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>Respondent</name>
    <message>
        <source>Barnet</source>
        <translation>The child</translation>
    </message>
    <message>
        <source>Vårdnadshavare 1</source>
        <translation>Guardian 1</translation>
    </message>
    <message>
        <source>Vårdnadshavare 2</source>
        <translation>Guardian 2</translation>
    </message>
    <message>
        <source>Personal</source>
        <translation>Staff</translation>
    </message>
</context>
<context>
    <name>Role</name>
    <message>
        <source>Upptäckare</source>
        <translation>Upptäckare (discoverer)</translation>
    </message>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Stödsamordnare</source>
        <translation>Stödsamordnare (support coordinator)</translation>
    </message>
    <message>
        <source>Medlem i barnteam</source>
        <translation>Barnteam member</translation>
    </message>
    <message>
        <source>Enhetschef</source>
        <translation>Unit manager</translation>
    </message>
    <message>
        <source>Socialtjänst (tar emot orosanmälningar)</source>
        <translation>Social services (receives reports of concern)</translation>
    </message>
    <message>
        <source>Administratör</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>Loggansvarig (loggkontroll)</source>
        <translation>Log reviewer (log review)</translation>
    </message>
    <message>
        <source>Statistikansvarig (anonymiserad statistik)</source>
        <translation>Statistics officer (anonymised statistics)</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Lås efter antal minuter utan aktivitet</source>
        <translation>Lock after this many minutes without activity</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Språk</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Textstorlek</source>
        <translation>Text size</translation>
    </message>
    <message>
        <source>&amp;Lås efter:</source>
        <translation>&amp;Lock after:</translation>
    </message>
    <message>
        <source>&amp;Språk:</source>
        <translation>L&amp;anguage:</translation>
    </message>
    <message>
        <source>&amp;Textstorlek:</source>
        <translation>&amp;Text size:</translation>
    </message>
    <message>
        <source>Språk och textstorlek gäller från nästa gång du startar programmet.</source>
        <translation>Language and text size apply from the next time you start the program.</translation>
    </message>
    <message>
        <source>Spara</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Avbryt</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ShareNote</name>
    <message>
        <source>Kräver skriftligt samtycke.</source>
        <translation>Needs written consent.</translation>
    </message>
    <message>
        <source>Samtycket är återkallat. Inga nya uppgifter delas.</source>
        <translation>The consent is withdrawn. Nothing new is shared.</translation>
    </message>
    <message>
        <source>Samtycket har upphört att gälla.</source>
        <translation>The consent has expired.</translation>
    </message>
</context>
<context>
    <name>Statistics</name>
    <message>
        <source>Barn per status vid periodens slut</source>
        <translation>Children per status at the end of the period</translation>
    </message>
    <message>
        <source>Flöde: status vid periodens början → slut</source>
        <translation>Flow: status at the start of the period → at the end</translation>
    </message>
    <message>
        <source>Dagar från upptäckt till beslut</source>
        <translation>Days from Upptäckt to decision</translation>
    </message>
    <message>
        <source>Dagar från upptäckt till Barnets plan</source>
        <translation>Days from Upptäckt to Barnets plan</translation>
    </message>
    <message>
        <source>Dagar från upptäckt till första uppföljning</source>
        <translation>Days from Upptäckt to the first follow-up</translation>
    </message>
    <message>
        <source>Behov som inte är uppfyllda enligt upptäckarkorten</source>
        <translation>Needs not met according to the Upptäckarkort</translation>
    </message>
    <message>
        <source>Effekter: förändring i skattning per behov</source>
        <translation>Effects: change in Skattning per need</translation>
    </message>
    <message>
        <source>Barnets plan: uppföljning i tid</source>
        <translation>Barnets plan: follow-up on time</translation>
    </message>
    <message>
        <source>Orosanmälningar under perioden</source>
        <translation>Reports of concern in the period</translation>
    </message>
    <message>
        <source>Barnkontakternas antal barn</source>
        <translation>Children per Barnkontakt</translation>
    </message>
    <message>
        <source>Ingen status</source>
        <translation>No status</translation>
    </message>
    <message>
        <source>Upptäckt</source>
        <translation>Upptäckt (noticed)</translation>
    </message>
    <message>
        <source>I barnteam</source>
        <translation>In Barnteam</translation>
    </message>
    <message>
        <source>Individuellt barnteam</source>
        <translation>Individual child team</translation>
    </message>
    <message>
        <source>Behov uppfyllt</source>
        <translation>Needs met</translation>
    </message>
    <message>
        <source>Ännu inte</source>
        <translation>Not yet</translation>
    </message>
    <message>
        <source>I tid</source>
        <translation>On time</translation>
    </message>
    <message>
        <source>Försenad</source>
        <translation>Overdue</translation>
    </message>
    <message>
        <source>Inget datum</source>
        <translation>No date</translation>
    </message>
    <message>
        <source>Upprättad</source>
        <translation>Drafted</translation>
    </message>
    <message>
        <source>Skickad</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Mottagen</source>
        <translation>Received</translation>
    </message>
    <message>
        <source>Återkoppling</source>
        <translation>Feedback given</translation>
    </message>
    <message>
        <source>dolt</source>
        <translation>hidden</translation>
    </message>
    <message>
        <source>Statistik</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Från och med</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Till och med</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Hämta statistik</source>
        <translation>Fetch statistics</translation>
    </message>
    <message>
        <source>Statistiken hämtas från den centrala servern. Du ser den enhet eller det område din roll omfattar. Rutor med färre än 5 barn är dolda.</source>
        <translation>The statistics come from the central server. You see the unit or area your role covers. Cells with fewer than 5 children are hidden.</translation>
    </message>
    <message>
        <source>Status för hämtningen</source>
        <translation>Fetch status</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>Charts</translation>
    </message>
    <message>
        <source>Välj period och tryck på Hämta statistik. Diagrammen visas här.</source>
        <translation>Choose a period and press Fetch statistics. The charts appear here.</translation>
    </message>
    <message>
        <source>Diagram och tabeller</source>
        <translation>Charts and tables</translation>
    </message>
    <message>
        <source>Alla siffror</source>
        <translation>All numbers</translation>
    </message>
    <message>
        <source>Tabell</source>
        <translation>Table</translation>
    </message>
    <message>
        <source>Kategori</source>
        <translation>Category</translation>
    </message>
    <message>
        <source>Antal</source>
        <translation>Count</translation>
    </message>
    <message>
        <source>Värde</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Statistik för styrning och uppföljning</source>
        <translation>Statistics for steering and follow-up</translation>
    </message>
    <message>
        <source>Perioden slutar innan den börjar.</source>
        <translation>The period ends before it starts.</translation>
    </message>
    <message>
        <source>Hämtar statistiken från servern …</source>
        <translation>Fetching the statistics from the server …</translation>
    </message>
    <message>
        <source>Statistiken gick inte att hämta.</source>
        <translation>The statistics could not be fetched.</translation>
    </message>
    <message>
        <source>Statistiken gick inte att spara.</source>
        <translation>The statistics report could not be saved.</translation>
    </message>
    <message>
        <source>hela kommunen</source>
        <translation>the whole municipality</translation>
    </message>
    <message>
        <source>Period %1 – %2, %3.</source>
        <translation>Period %1 – %2, %3.</translation>
    </message>
    <message>
        <source>Totalt</source>
        <translation>Total</translation>
    </message>
</context>
<context>
    <name>Sync</name>
    <message>
        <source>Synka nu</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Inställningar för synkning …</source>
        <translation>Sync settings …</translation>
    </message>
    <message>
        <source>Datorn är ansluten som %1. Synkningen börjar nu.</source>
        <translation>This computer is connected as %1. Syncing starts now.</translation>
    </message>
    <message>
        <source>Nytt i inkorgen: %1 nya upptäckarkort.</source>
        <translation>New in the inbox: %1 new Upptäckarkort.</translation>
    </message>
    <message>
        <source>Nytt i inkorgen: %1.</source>
        <translation>New in the inbox: %1.</translation>
    </message>
    <message>
        <source>Ett barn togs bort från datorn eftersom din behörighet upphörde. Se inkorgen.</source>
        <translation>A child was removed from this computer because your access ended. See the inbox.</translation>
    </message>
    <message>
        <source>Två ändringar krockade. Välj vad som ska gälla i inkorgen.</source>
        <translation>Two changes clashed. Choose what applies in the inbox.</translation>
    </message>
    <message>
        <source>Inte ansluten till någon server</source>
        <translation>Not connected to a server</translation>
    </message>
    <message>
        <source>Låst – synkar när du låser upp</source>
        <translation>Locked – syncs when you unlock</translation>
    </message>
    <message>
        <source>Synkar … %1 ändringar hämtade</source>
        <translation>Syncing … %1 changes fetched</translation>
    </message>
    <message>
        <source>Synkar …</source>
        <translation>Syncing …</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>1 ändring väntar</source>
        <translation>1 change waiting</translation>
    </message>
    <message>
        <source>%1 ändringar väntar</source>
        <translation>%1 changes waiting</translation>
    </message>
    <message>
        <source>1 ändring togs inte emot</source>
        <translation>1 change was refused</translation>
    </message>
    <message>
        <source>%1 ändringar togs inte emot</source>
        <translation>%1 changes were refused</translation>
    </message>
    <message>
        <source>Synkad %1</source>
        <translation>Synced %1</translation>
    </message>
    <message>
        <source>Inte synkad ännu</source>
        <translation>Not synced yet</translation>
    </message>
    <message>
        <source>Synkstatus</source>
        <translation>Sync status</translation>
    </message>
    <message>
        <source>Synkar</source>
        <translation>Syncing</translation>
    </message>
    <message>
        <source>Anslut till server …</source>
        <translation>Connect to server …</translation>
    </message>
</context>
<context>
    <name>TeamRole</name>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Upptäckare</source>
        <translation>Upptäckare (discoverer)</translation>
    </message>
    <message>
        <source>Stödsamordnare</source>
        <translation>Stödsamordnare (support coordinator)</translation>
    </message>
    <message>
        <source>Medlem</source>
        <translation>Member</translation>
    </message>
</context>
<context>
    <name>Teams</name>
    <message>
        <source>Utse Barnkontakt</source>
        <translation>Appoint a Barnkontakt</translation>
    </message>
    <message>
        <source>Lämna över till ny Barnkontakt</source>
        <translation>Hand over to a new Barnkontakt</translation>
    </message>
    <message>
        <source>Ny Barnkontakt</source>
        <translation>New Barnkontakt</translation>
    </message>
    <message>
        <source>Enhet</source>
        <translation>Unit</translation>
    </message>
    <message>
        <source>Från och med</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Överlämning</source>
        <translation>Handover</translation>
    </message>
    <message>
        <source>Vad behöver nästa Barnkontakt veta? Skriv kort och sakligt.</source>
        <translation>What does the next Barnkontakt need to know? Write briefly and factually.</translation>
    </message>
    <message>
        <source>&amp;Till:</source>
        <translation>&amp;To:</translation>
    </message>
    <message>
        <source>&amp;Enhet:</source>
        <translation>&amp;Unit:</translation>
    </message>
    <message>
        <source>&amp;Från och med:</source>
        <translation>&amp;From:</translation>
    </message>
    <message>
        <source>&amp;Överlämning:</source>
        <translation>&amp;Handover:</translation>
    </message>
    <message>
        <source>Kom ihåg samtycket: uppgifter om barnet får delas med den nya enheten först när vårdnadshavarna har samtyckt till det.</source>
        <translation>Remember consent: information about the child may be shared with the new unit only when the guardians have consented.</translation>
    </message>
    <message>
        <source>Utse</source>
        <translation>Appoint</translation>
    </message>
    <message>
        <source>Lämna över</source>
        <translation>Hand over</translation>
    </message>
    <message>
        <source>Välj person och enhet.</source>
        <translation>Choose a person and a unit.</translation>
    </message>
    <message>
        <source>Ny medlem i barnteamet</source>
        <translation>New member of the child team</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <source>Roll i teamet</source>
        <translation>Role in the team</translation>
    </message>
    <message>
        <source>Verksamhet</source>
        <translation>Service</translation>
    </message>
    <message>
        <source>Yrke</source>
        <translation>Profession</translation>
    </message>
    <message>
        <source>&amp;Person:</source>
        <translation>&amp;Person:</translation>
    </message>
    <message>
        <source>&amp;Roll:</source>
        <translation>&amp;Role:</translation>
    </message>
    <message>
        <source>&amp;Verksamhet:</source>
        <translation>&amp;Service:</translation>
    </message>
    <message>
        <source>&amp;Yrke:</source>
        <translation>P&amp;rofession:</translation>
    </message>
    <message>
        <source>Lägg till</source>
        <translation>Add</translation>
    </message>
    <message>
        <source>Barnkontakt och team – %1</source>
        <translation>Barnkontakt and teams – %1</translation>
    </message>
    <message>
        <source>Nuvarande Barnkontakt</source>
        <translation>Current Barnkontakt</translation>
    </message>
    <message>
        <source>Lämna över…</source>
        <translation>Hand over…</translation>
    </message>
    <message>
        <source>Barnkontakter över tid</source>
        <translation>Barnkontakts over time</translation>
    </message>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Från</source>
        <translation>From</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>To</translation>
    </message>
    <message>
        <source>Individuellt barnteam</source>
        <translation>Individual child team</translation>
    </message>
    <message>
        <source>Namn</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Roll</source>
        <translation>Role</translation>
    </message>
    <message>
        <source>Enhetens Barnteam</source>
        <translation>The unit's Barnteam</translation>
    </message>
    <message>
        <source>Titel</source>
        <translation>Title</translation>
    </message>
    <message>
        <source>Lägg till i Barnteamet…</source>
        <translation>Add to the Barnteam…</translation>
    </message>
    <message>
        <source>Ta bort ur Barnteamet</source>
        <translation>Remove from the Barnteam</translation>
    </message>
    <message>
        <source>Visa Barnteamet…</source>
        <translation>Show the Barnteam…</translation>
    </message>
    <message>
        <source>Lägg till medlem…</source>
        <translation>Add member…</translation>
    </message>
    <message>
        <source>Avsluta medlemskap</source>
        <translation>End membership</translation>
    </message>
    <message>
        <source>Stödsamordnare</source>
        <translation>Stödsamordnare (support coordinator)</translation>
    </message>
    <message>
        <source>Spara Stödsamordnare</source>
        <translation>Save Stödsamordnare</translation>
    </message>
    <message>
        <source>Stäng</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>&amp;Stödsamordnare:</source>
        <translation>&amp;Stödsamordnare:</translation>
    </message>
    <message>
        <source>Barnkontakt och team</source>
        <translation>Barnkontakt and teams</translation>
    </message>
    <message>
        <source>Barnkontakt nu: %1, %2</source>
        <translation>Barnkontakt now: %1, %2</translation>
    </message>
    <message>
        <source>Barnet har ingen Barnkontakt.</source>
        <translation>The child has no Barnkontakt.</translation>
    </message>
    <message>
        <source>Utse Barnkontakt…</source>
        <translation>Appoint a Barnkontakt…</translation>
    </message>
    <message>
        <source>Stödet kommer från flera verksamheter. Utse en Stödsamordnare som håller ihop det för familjen.</source>
        <translation>The support comes from several services. Appoint a Stödsamordnare who keeps it together for the family.</translation>
    </message>
    <message>
        <source>Barnet har ingen enhet ännu, så det finns inget Barnteam att visa.</source>
        <translation>The child has no unit yet, so there is no Barnteam to show.</translation>
    </message>
    <message>
        <source>Barnteamet på %1</source>
        <translation>The Barnteam at %1</translation>
    </message>
    <message>
        <source>enheten</source>
        <translation>the unit</translation>
    </message>
    <message>
        <source>Visa och ändra Barnteamet…</source>
        <translation>Show and change the Barnteam…</translation>
    </message>
    <message>
        <source>Enheten har inget Barnteam i Backa ännu.</source>
        <translation>The unit has no Barnteam in Backa yet.</translation>
    </message>
    <message>
        <source>De här personerna ser barnet när beslutet är Barnteam och vårdnadshavarna har samtyckt till det.</source>
        <translation>These people see the child when the decision is Barnteam and the guardians have consented to it.</translation>
    </message>
    <message>
        <source>Enhetschefen håller Barnteamet.</source>
        <translation>The unit lead keeps the Barnteam.</translation>
    </message>
    <message>
        <source>De ser barnet när beslutet är Barnteam och vårdnadshavarna har samtyckt till det.</source>
        <translation>They see the child when the decision is Barnteam and the guardians have consented to it.</translation>
    </message>
    <message>
        <source>Ny person i enhetens Barnteam</source>
        <translation>New person in the unit's Barnteam</translation>
    </message>
    <message>
        <source>Barnkontakten är utsedd.</source>
        <translation>The Barnkontakt is appointed.</translation>
    </message>
    <message>
        <source>Överlämningen är gjord. Den tidigare Barnkontakten finns kvar i historiken.</source>
        <translation>The handover is done. The previous Barnkontakt is kept in the history.</translation>
    </message>
    <message>
        <source>Samtycke för den nya enheten saknas ännu: be vårdnadshavarna om samtycke under Samtycken.</source>
        <translation>Consent for the new unit is still missing: ask the guardians for consent under Consents.</translation>
    </message>
    <message>
        <source>Stödsamordnaren är sparad.</source>
        <translation>The Stödsamordnare is saved.</translation>
    </message>
</context>
<context>
    <name>Timeline</name>
    <message>
        <source>%1 (rättelse)</source>
        <translation>%1 (correction)</translation>
    </message>
    <message>
        <source>%1 (ersatt av rättelse)</source>
        <translation>%1 (replaced by a correction)</translation>
    </message>
    <message>
        <source>Beslut: %1</source>
        <translation>Decision: %1</translation>
    </message>
    <message>
        <source>Barn och vårdnadshavare informerade om beslutet</source>
        <translation>Child and guardians told about the decision</translation>
    </message>
    <message>
        <source>Orosanmälan (visas inte för familjen)</source>
        <translation>Report of concern (not shown to the family)</translation>
    </message>
    <message>
        <source>Barnets plan</source>
        <translation>The child's plan</translation>
    </message>
    <message>
        <source>Insats i barnets plan</source>
        <translation>Support in the child's plan</translation>
    </message>
    <message>
        <source>Samtycke</source>
        <translation>Consent</translation>
    </message>
    <message>
        <source>Anteckning</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Ny barnkontakt</source>
        <translation>New Barnkontakt</translation>
    </message>
    <message>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <source>Barnet registrerades</source>
        <translation>The child was registered</translation>
    </message>
    <message>
        <source>Upptäckarkort skickat utan barnets identitet</source>
        <translation>Upptäckarkort sent without the child's identity</translation>
    </message>
    <message>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Händelse</source>
        <translation>Event</translation>
    </message>
    <message>
        <source>Av</source>
        <translation>By</translation>
    </message>
</context>
<context>
    <name>Unlock</name>
    <message>
        <source>Nyckeln till databasen hittades inte i datorns nyckelring. Kontakta IT; återställningsnyckeln kan öppna uppgifterna.</source>
        <translation>The database key was not found in the computer's keyring. Contact IT; the recovery key can open the data.</translation>
    </message>
    <message>
        <source>Det gick inte att öppna uppgifterna (%1).</source>
        <translation>The data could not be opened (%1).</translation>
    </message>
    <message>
        <source>Databasen är skadad</source>
        <translation>The database is damaged</translation>
    </message>
    <message>
        <source>Databasen är skadad och har öppnats skrivskyddad: det som går att läsa visas, men inget kan sparas. Återställ en säkerhetskopia eller gör en ny mapp och synkronisera igen. Kontakta IT vid behov.</source>
        <translation>The database is damaged and has been opened read-only: what can be read is shown, but nothing can be saved. Restore a backup, or make a new folder and sync again. Contact IT if needed.</translation>
    </message>
    <message>
        <source>Backa barnet låstes. Lås upp för att fortsätta där du var.</source>
        <translation>Backa barnet was locked. Unlock to continue where you were.</translation>
    </message>
    <message>
        <source>Backa barnet</source>
        <translation>Backa barnet</translation>
    </message>
    <message>
        <source>Uppgifterna på den här datorn är krypterade. Skriv din lösenfras för att låsa upp.</source>
        <translation>The data on this computer is encrypted. Enter your passphrase to unlock.</translation>
    </message>
    <message>
        <source>Lösenfras</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Din lösenfras</source>
        <translation>Your passphrase</translation>
    </message>
    <message>
        <source>&amp;Lösenfras</source>
        <translation>&amp;Passphrase</translation>
    </message>
    <message>
        <source>Lås upp</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Skriv din lösenfras.</source>
        <translation>Enter your passphrase.</translation>
    </message>
    <message>
        <source>Låser upp …</source>
        <translation>Unlocking …</translation>
    </message>
</context>
<context>
    <name>Verksamhet</name>
    <message>
        <source>BMM (barnmorskemottagning)</source>
        <translation>BMM (antenatal clinic)</translation>
    </message>
    <message>
        <source>BVC (barnavårdscentral)</source>
        <translation>BVC (child health centre)</translation>
    </message>
    <message>
        <source>Förskola</source>
        <translation>Preschool</translation>
    </message>
    <message>
        <source>Skola</source>
        <translation>School</translation>
    </message>
    <message>
        <source>Elevhälsa</source>
        <translation>Pupil health services</translation>
    </message>
    <message>
        <source>Socialtjänst</source>
        <translation>Social services</translation>
    </message>
    <message>
        <source>BUP (barn- och ungdomspsykiatri)</source>
        <translation>BUP (child and adolescent psychiatry)</translation>
    </message>
    <message>
        <source>Barn- och ungdomshabilitering</source>
        <translation>Child and youth habilitation</translation>
    </message>
    <message>
        <source>Polis</source>
        <translation>Police</translation>
    </message>
    <message>
        <source>Ungdomsmottagning</source>
        <translation>Youth clinic</translation>
    </message>
    <message>
        <source>Vårdcentral</source>
        <translation>Health centre</translation>
    </message>
    <message>
        <source>Annan verksamhet</source>
        <translation>Other service</translation>
    </message>
</context>
<context>
    <name>WhoCanSee</name>
    <message>
        <source>Barnkontakt</source>
        <translation>Barnkontakt</translation>
    </message>
    <message>
        <source>Registrerade barnet (ingen Barnkontakt ännu)</source>
        <translation>Registered the child (no Barnkontakt yet)</translation>
    </message>
    <message>
        <source>Stödsamordnare</source>
        <translation>Stödsamordnare (support coordinator)</translation>
    </message>
    <message>
        <source>Individuellt barnteam</source>
        <translation>Individual child team</translation>
    </message>
    <message>
        <source>Barnteamet på Barnkontaktens enhet</source>
        <translation>The Barnteam of the Barnkontakt's unit</translation>
    </message>
    <message>
        <source>%1, med vårdnadshavarnas samtycke</source>
        <translation>%1, with the guardians' consent</translation>
    </message>
    <message>
        <source>%1: ser inte barnet, skriftligt samtycke saknas</source>
        <translation>%1: does not see the child, written consent missing</translation>
    </message>
    <message>
        <source>Okänd person</source>
        <translation>Unknown person</translation>
    </message>
    <message>
        <source>Vem kan se barnet nu</source>
        <translation>Who can see the child now</translation>
    </message>
    <message>
        <source>Utan samtycke ser teamet inte barnet. En orosanmälan följer anmälningsskyldigheten och visas inte här.</source>
        <translation>Without consent the team does not see the child. A report of concern follows the duty to report and is not shown here.</translation>
    </message>
    <message>
        <source>Ingen har tillgång ännu.</source>
        <translation>Nobody has access yet.</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>Felmeddelande</source>
        <translation>Error message</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>Barn</source>
        <translation>Children</translation>
    </message>
    <message>
        <source>Inkorg</source>
        <translation>Inbox</translation>
    </message>
    <message>
        <source>Orosanmälan</source>
        <translation>Report of concern</translation>
    </message>
    <message>
        <source>Orosanmälan för barnet du har öppet. Kräver inget samtycke och visas aldrig för vårdnadshavarna.</source>
        <translation>Report of concern for the child you have open. Needs no consent and is never shown to the guardians.</translation>
    </message>
    <message>
        <source>Loggkontroll</source>
        <translation>Log review</translation>
    </message>
    <message>
        <source>Loggkontroll av enhetens personal (hämtas från servern)</source>
        <translation>Log review of the unit's staff (fetched from the server)</translation>
    </message>
    <message>
        <source>Inställningar</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Statistik</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <source>Lås</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Lås nu (Ctrl+L)</source>
        <translation>Lock now (Ctrl+L)</translation>
    </message>
    <message>
        <source>Inkorg (%1)</source>
        <translation>Inbox (%1)</translation>
    </message>
    <message>
        <source>Upptäckarkortet är skickat utan barnets identitet, eftersom samtycke saknas.</source>
        <translation>The Upptäckarkort was sent without the child's identity, because consent is missing.</translation>
    </message>
    <message>
        <source>%1 är signerat och låst.</source>
        <translation>%1 is signed and locked.</translation>
    </message>
    <message>
        <source>%1 finns inte i Backa och får inte kortet här. Skriv ut kortet och lämna det till enheten enligt er rutin.</source>
        <translation>%1 is not in Backa and does not receive the card here. Print the card and hand it to the unit as your routine says.</translation>
    </message>
    <message>
        <source>Det nya personnumret är sparat. Det tidigare numret finns kvar i barnets identitetshistorik.</source>
        <translation>The new personal identity number is saved. The earlier number stays in the child's identity history.</translation>
    </message>
    <message>
        <source>Orosanmälan är upprättad. Skicka den till socialnämnden enligt er rutin.</source>
        <translation>The report of concern is drawn up. Send it to the social welfare committee as your routine says.</translation>
    </message>
    <message>
        <source>Beslutet är sparat och skickat till upptäckaren. Berätta det för barnet och vårdnadshavarna.</source>
        <translation>The decision is saved and sent to the Upptäckare. Tell the child and the guardians.</translation>
    </message>
</context>
</TS>