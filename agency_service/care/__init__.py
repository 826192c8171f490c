"""The care calendar (客户关怀, seed 001 §3.3, DESIGN §8).

Daily, ``send_care_reminders`` looks ``care_days_ahead`` days ahead for

* key contacts' birthdays (day + month; a 29 February birthday is kept on 28 February in common years),
* client anniversaries: the company's founding date and the first day of cooperation with the agency,
* care occasions (holidays such as Spring Festival, Mid-Autumn, National Day), each with a fixed day or
  a date per year,

and gives the client's account team (its account manager, else the executive, else the director) a
ToDo with the greeting drafted from an Email Template. Contacts who opted out of greetings are left out;
a client whose contacts all opted out gets no company greeting. Each occasion reminds once per year: a
``Care Reminder`` row with a unique key records it. The ToDo never carries a contact's private notes.
"""
